package com.opportunityengine.command.email;

import java.time.Instant;

/** One version of an email template: immutable once saved; a new save under the same id is the next version. */
public record EmailTemplate(
        String templateId,
        int version,
        String name,
        String locale,
        String subject,
        String text,
        String html,
        Instant createdAt,
        String createdBy) {}
