package com.opportunityengine.command.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Builds the MIME message of an email: From the engine's sender address, To the recipient, the rendered subject,
 * text and (when there is one) html as alternatives, a {@code Message-ID} derived from the email id alone (every
 * attempt of one email carries the same one, so a receiver that saw it once drops a repeat), and the one-click
 * unsubscribe headers of RFC 8058.
 */
final class MimeMessages {

    static final String EMAIL_ID_HEADER = "X-Opportunity-Engine-Email";

    private MimeMessages() {}

    /** {@code <emailId@domain>}. */
    static String messageId(String emailId, String domain) {
        return "<" + emailId + "@" + domain + ">";
    }

    static MimeMessage build(Session session, EmailMessage email, InternetAddress from, String domain, Instant at)
            throws MessagingException {
        MimeMessage message = new IdentifiedMessage(session, messageId(email.emailId(), domain));
        boolean html = email.html() != null;
        MimeMessageHelper helper = new MimeMessageHelper(message, html, StandardCharsets.UTF_8.name());
        helper.setFrom(from);
        helper.setTo(new InternetAddress(email.to(), true));
        helper.setSubject(email.subject());
        if (html) {
            helper.setText(email.text(), email.html());
        } else {
            helper.setText(email.text());
        }
        helper.setSentDate(Date.from(at));
        message.setHeader("List-Unsubscribe", "<" + email.unsubscribeUrl() + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.setHeader(EMAIL_ID_HEADER, email.emailId());
        return message;
    }

    /** A message whose Message-ID is the given one, not one JavaMail makes up on save. */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String messageId;

        IdentifiedMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
