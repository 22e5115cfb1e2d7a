package com.opportunityengine.command.email;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** SMTP through Spring Boot's mail support ({@code spring.mail.*}; the engine's defaults set every timeout). */
class SmtpTransport implements MailTransport {

    private final JavaMailSenderImpl sender;

    SmtpTransport(JavaMailSenderImpl sender) {
        this.sender = sender;
    }

    @Override
    public Session session() {
        return sender.getSession();
    }

    @Override
    public void send(MimeMessage message, String name) {
        try {
            sender.send(message);
        } catch (MailException e) {
            Throwable cause = e.getMostSpecificCause();
            String answer = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            throw new MailRefusedException(answer.strip(), e);
        }
    }
}
