package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.Addresses;
import com.opportunityengine.command.email.EmailMessage;
import com.opportunityengine.command.email.EmailMessages;
import com.opportunityengine.command.email.InboundMail;
import com.opportunityengine.command.email.Suppressions;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.events.email.BounceType;
import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.RecordEmailBounce;
import com.opportunityengine.events.email.RecordEmailReply;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.platform.problem.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Mail coming back, posted by the mail gateway (SERVICE, ADMIN): the raw RFC 5322 message as the body, whatever its
 * declared content type ({@code message/rfc822} is usual). A reply to one of the
 * engine's emails becomes an inbound EMAIL contact on its opportunity; a bounce or a complaint is recorded on it and
 * suppresses the address (a hard bounce or complaint at once, soft bounces when repeated: docs/email.md). Anything
 * else is answered {@code UNMATCHED} and changes nothing.
 */
@RestController
@Tag(name = "Email")
class InboundMailController {

    private final InboundMail inbound;
    private final EmailMessages messages;
    private final Suppressions suppressions;
    private final CommandSender commands;
    private final Clock clock;

    InboundMailController(
            InboundMail inbound,
            EmailMessages messages,
            Suppressions suppressions,
            CommandSender commands,
            Clock clock) {
        this.inbound = inbound;
        this.messages = messages;
        this.suppressions = suppressions;
        this.commands = commands;
        this.clock = clock;
    }

    @PostMapping(path = "/api/email/inbound")
    @Operation(summary = "A reply, bounce or complaint from the mail gateway (raw RFC 5322)")
    InboundResult receive(@RequestBody(required = false) byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw new InvalidInputException("body", "must be an RFC 5322 message");
        }
        InboundMail.Reading reading;
        try {
            reading = inbound.read(raw);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("body", "must be an RFC 5322 message");
        }
        Optional<EmailMessage> email = reading.emailId() == null ? Optional.empty() : messages.find(reading.emailId());
        if (reading.kind() == InboundMail.Kind.UNMATCHED || email.isEmpty()) {
            return new InboundResult("UNMATCHED", null, null, null, false, null);
        }
        OpportunityId opportunityId = OpportunityId.of(email.get().opportunityId());
        EmailId emailId = EmailId.of(reading.emailId());
        Instant now = clock.instant();
        if (reading.kind() == InboundMail.Kind.REPLY) {
            Instant sentAt = reading.sentAt() != null && !reading.sentAt().isAfter(now) ? reading.sentAt() : null;
            String replyId =
                    reading.messageId() != null ? reading.messageId() : "<unidentified-" + now.toEpochMilli() + ">";
            long version = commands.sendForVersion(new RecordEmailReply(opportunityId, emailId, replyId, sentAt));
            return new InboundResult("REPLY", emailId.toString(), opportunityId.toString(), null, false, version);
        }
        long version = commands.sendForVersion(new RecordEmailBounce(
                opportunityId, emailId, reading.bounceType(), reading.status(), reading.action()));
        String reference = Addresses.reference(email.get().to());
        boolean suppressed;
        if (reading.bounceType() == BounceType.SOFT) {
            suppressed = suppressions.softBounce(reference, now, emailId.toString());
        } else {
            suppressions.suppress(
                    reference,
                    reading.bounceType() == BounceType.COMPLAINT ? Suppressions.COMPLAINT : Suppressions.HARD_BOUNCE,
                    now,
                    emailId.toString());
            suppressed = true;
        }
        return new InboundResult(
                "BOUNCE",
                emailId.toString(),
                opportunityId.toString(),
                reading.bounceType().name(),
                suppressed,
                version);
    }
}
