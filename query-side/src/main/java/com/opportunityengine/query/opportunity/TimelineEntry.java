package com.opportunityengine.query.opportunity;

import java.time.Instant;
import java.util.Map;

/**
 * One thing that happened to an opportunity, as the timeline shows it: its aggregate sequence, its
 * business time, a kind ({@code CONTACT}, {@code STAGE_CHANGED}, ...), a one-line summary and the
 * event's own fields.
 */
record TimelineEntry(
        long sequence, Instant occurredAt, String type, String event, String summary, Map<String, Object> details) {}
