package com.opportunityengine.command.email.web;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.access.CommandAccess;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.email.EmailMessage;
import com.opportunityengine.command.email.EmailMessages;
import com.opportunityengine.command.opportunity.OpportunityState;
import com.opportunityengine.command.web.CommandResponses;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.command.web.IfMatch;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.EmailBounced;
import com.opportunityengine.events.email.EmailDeliveryUnknown;
import com.opportunityengine.events.email.EmailEvent;
import com.opportunityengine.events.email.EmailFailed;
import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.EmailReplyReceived;
import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.EmailRetried;
import com.opportunityengine.events.email.EmailSent;
import com.opportunityengine.events.email.EmailSuppressed;
import com.opportunityengine.events.email.RequestEmail;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.security.User;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Valid;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * An opportunity's emails: {@code POST} asks for one (a command on the opportunity, so reps and managers only on
 * what they see, and the same rules as every command; 202 once it is in the log, the dispatcher sends it), {@code GET}
 * lists them as its stream records them (strongly consistent: read from the log, not a view).
 */
@RestController
@Tag(name = "Email")
class EmailController {

    private final CommandSender commands;
    private final AggregateDirectory directory;
    private final EmailMessages messages;
    private final CurrentUser currentUser;

    EmailController(
            CommandSender commands, AggregateDirectory directory, EmailMessages messages, CurrentUser currentUser) {
        this.commands = commands;
        this.directory = directory;
        this.messages = messages;
        this.currentUser = currentUser;
    }

    @PostMapping(path = "/api/opportunities/{id}/emails", consumes = "application/json")
    @Operation(summary = "Ask for an email to the opportunity's customer from a template")
    @ApiResponse(responseCode = "202", description = "Requested: in the log, to be dispatched")
    ResponseEntity<EmailRequestedResponse> request(
            @Parameter(description = "The opportunity's id", schema = @Schema(type = "string", format = "uuid"))
                    @PathVariable("id")
                    OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody SendEmailRequest request) {
        String to = request.to() == null ? null : address(request.to());
        EmailId emailId = request.emailId() != null ? request.emailId() : EmailId.random();
        long version = commands.sendForVersion(new RequestEmail(
                id,
                emailId,
                request.templateId().toString(),
                request.templateVersion(),
                to,
                request.sendAt(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(CommandResponses.location("/api/opportunities/{id}/emails/{emailId}", id, emailId))
                .eTag("\"" + version + "\"")
                .body(new EmailRequestedResponse(emailId, version));
    }

    @GetMapping("/api/opportunities/{id}/emails")
    @Operation(summary = "The opportunity's emails and where each stands")
    EmailList list(
            @Parameter(description = "The opportunity's id", schema = @Schema(type = "string", format = "uuid"))
                    @PathVariable("id")
                    OpportunityId id) {
        if (!directory.exists(id.toString(), AggregateDirectory.OPPORTUNITY)) {
            throw BusinessRuleException.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, id);
        }
        List<Object> history = directory.history(id.toString());
        OpportunityState state = OpportunityState.fold(history.stream()
                .filter(OpportunityEvent.class::isInstance)
                .map(OpportunityEvent.class::cast)
                .toList());
        User user = currentUser.requireUser();
        CommandAccess.checkOpportunity(
                Actor.user(user.userId(), user.roles(), currentUser.teamOf(user)),
                id.toString(),
                state.ownerId() == null ? null : state.ownerId().toString(),
                state.team().stream()
                        .map(member -> member.memberId().toString())
                        .toList(),
                null);
        Map<String, Folded> emails = new LinkedHashMap<>();
        for (Object event : history) {
            if (event instanceof EmailEvent email) {
                emails.computeIfAbsent(email.emailId().toString(), key -> new Folded())
                        .apply(email);
            }
        }
        List<EmailView> items = new ArrayList<>();
        emails.forEach((emailId, folded) ->
                items.add(folded.view(messages.find(emailId).orElse(null))));
        return new EmailList(id.toString(), history.size() - 1L, items);
    }

    /** The request's {@code to}, checked strictly (RFC 822 syntax, a bare address with a domain). */
    private static String address(String to) {
        try {
            InternetAddress address = new InternetAddress(to.strip(), true);
            address.validate();
            if (address.getPersonal() != null || !address.getAddress().contains("@")) {
                throw new AddressException("not a bare address");
            }
            return address.getAddress();
        } catch (AddressException e) {
            throw new InvalidInputException("to", "must be an email address");
        }
    }

    /** One email's events folded. */
    private static final class Folded {
        EmailRequested requested;
        String status = "REQUESTED";
        int attempt;
        Instant sentAt;
        String messageId;
        String failure;
        String suppressed;
        String bounce;
        final List<String> replies = new ArrayList<>();

        void apply(EmailEvent event) {
            if (event instanceof EmailRequested e) {
                requested = e;
            } else if (event instanceof EmailSent e) {
                status = "SENT";
                sentAt = e.occurredAt();
                messageId = e.messageId();
            } else if (event instanceof EmailFailed e) {
                status = "FAILED";
                failure = e.smtpReply();
            } else if (event instanceof EmailSuppressed e) {
                status = "SUPPRESSED";
                suppressed = e.reason();
            } else if (event instanceof EmailDeliveryUnknown) {
                status = "UNKNOWN";
            } else if (event instanceof EmailRetried e) {
                status = "REQUESTED";
                attempt = e.attempt();
            } else if (event instanceof EmailBounced e) {
                bounce = e.type() + (e.status() == null ? "" : " " + e.status());
            } else if (event instanceof EmailReplyReceived e) {
                replies.add(e.replyMessageId());
            }
        }

        EmailView view(EmailMessage message) {
            return new EmailView(
                    requested == null ? null : requested.emailId().toString(),
                    requested == null ? null : requested.templateId(),
                    requested == null ? 0 : requested.templateVersion(),
                    requested == null ? null : requested.recipientSource().name(),
                    message == null ? null : message.to(),
                    message == null ? null : message.subject(),
                    requested == null ? null : requested.bodySha256(),
                    status,
                    attempt,
                    requested == null ? null : requested.sendAt(),
                    requested == null ? null : requested.occurredAt(),
                    sentAt,
                    messageId,
                    failure,
                    suppressed,
                    bounce,
                    List.copyOf(replies));
        }
    }
}
