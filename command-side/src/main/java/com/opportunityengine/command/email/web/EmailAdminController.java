package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailMessages;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.RetryEmail;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.platform.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** An admin's explicit retry of an email that FAILED or whose delivery is UNKNOWN (ADMIN, under /api/admin). */
@RestController
@Tag(name = "Email")
class EmailAdminController {

    private final EmailMessages messages;
    private final CommandSender commands;

    EmailAdminController(EmailMessages messages, CommandSender commands) {
        this.messages = messages;
        this.commands = commands;
    }

    @PostMapping("/api/admin/emails/{emailId}/retry")
    @Operation(summary = "Send a FAILED or UNKNOWN email again, as its next attempt")
    ResponseEntity<EmailRequestedResponse> retry(@PathVariable("emailId") EmailId emailId) {
        String opportunityId = messages.find(emailId.toString())
                .map(message -> message.opportunityId())
                .orElseThrow(() -> Problems.exception(Problems.notFound(ErrorCode.EMAIL_NOT_FOUND, emailId)));
        long version = commands.sendForVersion(new RetryEmail(OpportunityId.of(opportunityId), emailId));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new EmailRequestedResponse(emailId, version));
    }
}
