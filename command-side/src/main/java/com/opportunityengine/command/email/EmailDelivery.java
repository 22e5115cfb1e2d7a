package com.opportunityengine.command.email;

import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.MarkEmailDeliveryUnknown;
import com.opportunityengine.events.email.RecordEmailFailed;
import com.opportunityengine.events.email.RecordEmailSent;
import com.opportunityengine.events.email.RecordEmailSuppressed;
import com.opportunityengine.events.opportunity.OpportunityId;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the {@link DeliveryQueue} holds, on every command node: for each due attempt, checks the suppression
 * list again, keeps the sender within {@code engine.email.daily-limit} over a rolling 24 hours (deferring what is
 * over), <b>claims the attempt in the {@link DeliveryLedger} before the SMTP conversation</b>, sends, writes the
 * outcome into the ledger and records it in the log as a command on the opportunity. An attempt whose claim another
 * node (or an earlier run) holds is dropped from the queue untouched.
 *
 * <p>A claim never confirmed (the node stopped between claim and outcome) is marked UNKNOWN when its node starts
 * again, or by any node once it is older than {@code engine.email.claim-timeout}: it may or may not have left, so it
 * is not sent again by itself; an admin may retry it. An outcome in the ledger but not yet in the log (the node
 * stopped after the SMTP answer) is recorded by the next round.
 */
public class EmailDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(EmailDelivery.class);
    private static final Duration DAY = Duration.ofHours(24);
    private static final int BATCH = 50;

    private final DeliveryQueue queue;
    private final DeliveryLedger ledger;
    private final EmailMessages messages;
    private final Suppressions suppressions;
    private final MailTransport transport;
    private final Consumer<Object> commands;
    private final Clock clock;
    private final Settings settings;

    /** How this node delivers. */
    public record Settings(
            String node, InternetAddress from, String messageIdDomain, int dailyLimit, Duration claimTimeout) {}

    public EmailDelivery(
            DeliveryQueue queue,
            DeliveryLedger ledger,
            EmailMessages messages,
            Suppressions suppressions,
            MailTransport transport,
            Consumer<Object> commands,
            Clock clock,
            Settings settings) {
        this.queue = queue;
        this.ledger = ledger;
        this.messages = messages;
        this.suppressions = suppressions;
        this.transport = transport;
        this.commands = commands;
        this.clock = clock;
        this.settings = settings;
    }

    public String messageIdDomain() {
        return settings.messageIdDomain();
    }

    /** One round: unconfirmed claims, unrecorded outcomes, then what is due. Answers how many it sent. */
    public synchronized int runOnce() {
        recoverUnconfirmed();
        recordOutcomes(clock.instant());
        int sent = 0;
        List<DeliveryQueue.Entry> due = queue.due(clock.instant(), BATCH);
        for (DeliveryQueue.Entry entry : due) {
            if (deliver(entry)) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * Marks UNKNOWN the claims this node left unconfirmed (it stopped mid-send) and those of any node older than the
     * claim timeout, and records that.
     */
    public void recoverUnconfirmed() {
        Instant now = clock.instant();
        for (Delivery claim : ledger.unconfirmed(settings.node(), now.minus(settings.claimTimeout()))) {
            if (ledger.markUnknown(claim.key(), now)) {
                LOG.warn(
                        "email {} attempt {} was claimed by {} at {} and never confirmed: UNKNOWN, not sent again",
                        claim.emailId(),
                        claim.attempt(),
                        claim.node(),
                        claim.claimedAt());
            }
        }
        recordOutcomes(now.plusMillis(1));
    }

    private void recordOutcomes(Instant before) {
        for (Delivery delivery : ledger.unrecorded(before)) {
            record(delivery);
        }
    }

    private boolean deliver(DeliveryQueue.Entry entry) {
        Optional<EmailMessage> found = messages.find(entry.emailId());
        if (found.isEmpty()) {
            LOG.error("email {} has no rendered message; it cannot be sent", entry.emailId());
            queue.remove(entry);
            return false;
        }
        EmailMessage email = found.get();
        Instant now = clock.instant();
        Optional<Suppression> suppression = suppressions.find(Addresses.reference(email.to()));
        if (suppression.isPresent()) {
            if (ledger.claim(
                    entry,
                    email.senderId(),
                    settings.node(),
                    DeliveryLedger.SUPPRESSED,
                    suppression.get().reason(),
                    now)) {
                ledger.find(entry.key()).ifPresent(this::record);
            }
            queue.remove(entry);
            return false;
        }
        if (settings.dailyLimit() > 0 && email.senderId() != null) {
            List<Instant> sent = ledger.sentSince(email.senderId(), now.minus(DAY));
            if (sent.size() >= settings.dailyLimit()) {
                Instant until = sent.get(sent.size() - settings.dailyLimit()).plus(DAY);
                LOG.info(
                        "sender {} is at the daily limit; email {} waits until {}",
                        email.senderId(),
                        entry.emailId(),
                        until);
                queue.defer(entry, until);
                return false;
            }
        }
        if (!ledger.claim(entry, email.senderId(), settings.node(), DeliveryLedger.CLAIMED, null, now)) {
            queue.remove(entry); // another dispatcher, or an earlier round, has it
            return false;
        }
        String messageId = MimeMessages.messageId(email.emailId(), settings.messageIdDomain());
        boolean sent;
        try {
            MimeMessage message =
                    MimeMessages.build(transport.session(), email, settings.from(), settings.messageIdDomain(), now);
            transport.send(message, entry.key());
            ledger.finish(entry.key(), DeliveryLedger.SENT, messageId, null, clock.instant());
            sent = true;
        } catch (MailTransport.MailRefusedException | MessagingException e) {
            String answer = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            ledger.finish(
                    entry.key(),
                    DeliveryLedger.FAILED,
                    null,
                    answer.length() > 1000 ? answer.substring(0, 1000) : answer,
                    clock.instant());
            sent = false;
        }
        queue.remove(entry);
        ledger.find(entry.key()).ifPresent(this::record);
        return sent;
    }

    /** Puts a delivery's outcome into the log (the commands are idempotent, so a second record changes nothing). */
    private void record(Delivery delivery) {
        OpportunityId opportunity = OpportunityId.of(delivery.opportunityId());
        EmailId emailId = EmailId.of(delivery.emailId());
        Object command = switch (delivery.status()) {
            case DeliveryLedger.SENT ->
                new RecordEmailSent(opportunity, emailId, delivery.attempt(), delivery.messageId(), summary(delivery));
            case DeliveryLedger.FAILED ->
                new RecordEmailFailed(opportunity, emailId, delivery.attempt(), delivery.smtpReply());
            case DeliveryLedger.SUPPRESSED ->
                new RecordEmailSuppressed(opportunity, emailId, delivery.attempt(), delivery.smtpReply());
            case DeliveryLedger.UNKNOWN -> new MarkEmailDeliveryUnknown(opportunity, emailId, delivery.attempt());
            default -> null;
        };
        if (command == null) {
            return;
        }
        try {
            commands.accept(command);
            ledger.recorded(delivery.key());
        } catch (RuntimeException e) {
            LOG.warn(
                    "the outcome of email {} could not be recorded yet; the next round tries again",
                    delivery.emailId(),
                    e);
        }
    }

    private String summary(Delivery delivery) {
        return messages.find(delivery.emailId())
                .map(m -> "Email '" + m.templateName() + "' (template " + m.templateId() + " v" + m.templateVersion()
                        + ") sent")
                .orElse("Email sent");
    }
}
