package com.opportunityengine.command.email.web;

import java.time.Instant;
import java.util.List;

/** One email of an opportunity, folded from its events, with the rendered subject and the address it went to. */
record EmailView(
        String emailId,
        String templateId,
        int templateVersion,
        String recipientSource,
        String to,
        String subject,
        String bodySha256,
        String status,
        int attempt,
        Instant sendAt,
        Instant requestedAt,
        Instant sentAt,
        String messageId,
        String failure,
        String suppressedBecause,
        String bounce,
        List<String> replies) {}
