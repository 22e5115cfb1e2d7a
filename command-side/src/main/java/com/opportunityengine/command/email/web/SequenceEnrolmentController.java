package com.opportunityengine.command.email.web;

import com.opportunityengine.command.email.EmailSequence;
import com.opportunityengine.command.email.EmailSequences;
import com.opportunityengine.command.web.CommandResponses;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.command.web.VersionResponse;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.EnrolInSequence;
import com.opportunityengine.events.email.UnenrolFromSequence;
import com.opportunityengine.events.opportunity.OpportunityId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * An opportunity's enrolment in an email sequence (docs/email.md, Sequences): commands on the opportunity, so reps
 * and managers only on what they see (404 otherwise) and the opportunity's rules (one active sequence:
 * {@code SEQUENCE_ALREADY_ACTIVE}). A sequence or version that does not exist is {@code UNKNOWN_EMAIL_SEQUENCE} (400);
 * the enrolment pins the version it gets (the latest unless the body names one).
 */
@RestController
@Tag(name = "Email")
class SequenceEnrolmentController {

    private final CommandSender commands;
    private final EmailSequences sequences;

    SequenceEnrolmentController(CommandSender commands, EmailSequences sequences) {
        this.commands = commands;
        this.sequences = sequences;
    }

    @PostMapping(path = "/api/opportunities/{id}/sequence", consumes = "application/json")
    @Operation(summary = "Enrol the opportunity in an email sequence")
    @ApiResponse(responseCode = "200", description = "Enrolled")
    ResponseEntity<VersionResponse> enrol(
            @Parameter(description = "The opportunity's id", schema = @Schema(type = "string", format = "uuid"))
                    @PathVariable("id")
                    OpportunityId id,
            @Valid @RequestBody EnrolRequest request) {
        String sequenceId = request.sequenceId().toString();
        EmailSequence pinned = (request.sequenceVersion() == null
                        ? sequences.latest(sequenceId)
                        : sequences.find(sequenceId, request.sequenceVersion()))
                .orElseThrow(() -> new BusinessRuleException(
                        ErrorCode.UNKNOWN_EMAIL_SEQUENCE,
                        "no email sequence " + sequenceId
                                + (request.sequenceVersion() == null ? "" : " version " + request.sequenceVersion())));
        long version = commands.sendForVersion(new EnrolInSequence(id, request.sequenceId(), pinned.version(), null));
        return CommandResponses.ok(version, new VersionResponse(version));
    }

    @DeleteMapping(path = "/api/opportunities/{id}/sequence")
    @Operation(summary = "Take the opportunity out of its active email sequence")
    @ApiResponse(responseCode = "200", description = "Unenrolled")
    ResponseEntity<VersionResponse> unenrol(
            @Parameter(description = "The opportunity's id", schema = @Schema(type = "string", format = "uuid"))
                    @PathVariable("id")
                    OpportunityId id) {
        long version = commands.sendForVersion(new UnenrolFromSequence(id, null));
        return CommandResponses.ok(version, new VersionResponse(version));
    }
}
