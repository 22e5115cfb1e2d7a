package com.opportunityengine.command.email;

import java.time.Instant;

/** One claimed delivery attempt as the ledger holds it. */
public record Delivery(
        String key,
        String emailId,
        int attempt,
        String opportunityId,
        String senderId,
        String node,
        String status,
        Instant claimedAt,
        Instant finishedAt,
        String messageId,
        String smtpReply,
        boolean recorded) {}
