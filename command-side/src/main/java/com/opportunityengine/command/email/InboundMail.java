package com.opportunityengine.command.email;

import com.opportunityengine.events.email.BounceType;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the mail gateway forwards: a reply (matched by {@code In-Reply-To}, then {@code References}) or a
 * delivery status notification ({@code multipart/report; report-type=delivery-status}, RFC 3464: its {@code Status}
 * 5.x.x is a hard bounce, 4.x.x a soft one) or a complaint ({@code report-type=feedback-report}, RFC 5965), both
 * matched by the original message's Message-ID wherever the report quotes it. The engine's Message-IDs are
 * {@code <emailId@domain>}, so the match needs no look-up.
 */
public final class InboundMail {

    /** What a message is. */
    public enum Kind {
        REPLY,
        BOUNCE,
        UNMATCHED
    }

    /** What the gateway's message says. */
    public record Reading(
            Kind kind,
            String emailId,
            String messageId,
            BounceType bounceType,
            String status,
            String action,
            Instant sentAt) {}

    private static final Pattern STATUS = Pattern.compile("(?im)^Status:\\s*([245]\\.\\d{1,3}\\.\\d{1,3})");
    private static final Pattern ACTION = Pattern.compile("(?im)^Action:\\s*([A-Za-z-]+)");

    private final Pattern ours;

    public InboundMail(String messageIdDomain) {
        this.ours = Pattern.compile("<([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})@"
                + Pattern.quote(messageIdDomain) + ">");
    }

    /**
     * Reads a raw RFC 5322 message.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public Reading read(byte[] raw) {
        MimeMessage message;
        try {
            message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
            message.getAllHeaders();
        } catch (MessagingException e) {
            throw new IllegalArgumentException("not an RFC 5322 message: " + e.getMessage(), e);
        }
        try {
            Instant sentAt =
                    message.getSentDate() == null ? null : message.getSentDate().toInstant();
            String ownId = message.getMessageID();
            if (message.isMimeType("multipart/report")) {
                String contentType = message.getContentType().toLowerCase(Locale.ROOT);
                String report = text(message);
                Optional<String> original = firstOurs(report, ownId);
                if (original.isEmpty()) {
                    return unmatched(ownId);
                }
                if (contentType.contains("feedback-report")) {
                    return new Reading(
                            Kind.BOUNCE, original.get(), ownId, BounceType.COMPLAINT, null, "complaint", sentAt);
                }
                Matcher status = STATUS.matcher(report);
                Matcher action = ACTION.matcher(report);
                String code = status.find() ? status.group(1) : null;
                BounceType type = code != null && code.startsWith("4") ? BounceType.SOFT : BounceType.HARD;
                if (code != null && code.startsWith("2")) {
                    return unmatched(ownId); // delivered or relayed: not a bounce
                }
                return new Reading(
                        Kind.BOUNCE,
                        original.get(),
                        ownId,
                        type,
                        code,
                        action.find() ? action.group(1).toLowerCase(Locale.ROOT) : null,
                        sentAt);
            }
            for (String header : new String[] {"In-Reply-To", "References"}) {
                String[] values = message.getHeader(header);
                if (values != null) {
                    Optional<String> emailId = firstOurs(String.join(" ", values), ownId);
                    if (emailId.isPresent()) {
                        return new Reading(Kind.REPLY, emailId.get(), ownId, null, null, null, sentAt);
                    }
                }
            }
            return unmatched(ownId);
        } catch (MessagingException | IOException e) {
            throw new IllegalArgumentException("the message could not be read: " + e.getMessage(), e);
        }
    }

    private static Reading unmatched(String messageId) {
        return new Reading(Kind.UNMATCHED, null, messageId, null, null, null, null);
    }

    private Optional<String> firstOurs(String text, String except) {
        Matcher matcher = ours.matcher(text);
        while (matcher.find()) {
            if (!matcher.group().equals(except)) {
                return Optional.of(matcher.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    /** Every part's text (delivery-status and quoted headers included), one after the other. */
    private static String text(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                all.append(text(child)).append('\n');
            }
            return all.toString();
        }
        if (content instanceof MimeMessage quoted) {
            StringBuilder all = new StringBuilder();
            java.util.Enumeration<String> lines = quoted.getAllHeaderLines();
            while (lines.hasMoreElements()) {
                all.append(lines.nextElement()).append('\n');
            }
            return all.toString();
        }
        if (content instanceof String string) {
            return string;
        }
        if (content instanceof InputStream stream) {
            return new String(stream.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
        return "";
    }
}
