package com.opportunityengine.command.email;

import java.time.Instant;

/** One email as rendered when it was requested: what the dispatcher sends, and what {@code bodySha256} covers. */
public record EmailMessage(
        String emailId,
        String opportunityId,
        String to,
        String subject,
        String text,
        String html,
        String bodySha256,
        String templateId,
        int templateVersion,
        String templateName,
        String senderId,
        String unsubscribeUrl,
        Instant sendAt,
        Instant requestedAt) {

    /** The SHA-256 (hex) of subject, text and html, each followed by a line feed (an absent html as empty). */
    public static String sha256(String subject, String text, String html) {
        return Addresses.sha256(subject + "\n" + text + "\n" + (html == null ? "" : html) + "\n");
    }
}
