package com.opportunityengine.query.projection;

import java.time.Instant;

/** A parked event: which sequence (aggregate) it blocks, what it is, and why it failed. */
record DeadLetterView(
        String sequenceIdentifier,
        String messageId,
        String eventType,
        String aggregateId,
        Long aggregateSequence,
        Instant enqueuedAt,
        Instant lastTouched,
        String causeType,
        String causeMessage) {}
