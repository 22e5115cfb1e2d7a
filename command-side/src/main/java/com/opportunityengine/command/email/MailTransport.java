package com.opportunityengine.command.email;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** Where the emails go: an SMTP server ({@link SmtpTransport}) or the outbox folder ({@link OutboxFiles}). */
public interface MailTransport {

    /** The session to build messages in. */
    Session session();

    /**
     * Hands the message over; returns normally only when it was taken.
     *
     * @throws MailRefusedException with the server's answer when it was refused or could not be handed over
     */
    void send(MimeMessage message, String name);

    /** The mail server refused a message or could not be reached; the message is its answer. */
    class MailRefusedException extends RuntimeException {
        public MailRefusedException(String answer, Throwable cause) {
            super(answer, cause);
        }
    }
}
