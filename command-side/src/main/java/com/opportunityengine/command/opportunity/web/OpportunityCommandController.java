package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.users.KnownUsers;
import com.opportunityengine.command.web.CommandResponses;
import com.opportunityengine.command.web.CommandSender;
import com.opportunityengine.command.web.IfMatch;
import com.opportunityengine.command.web.VersionResponse;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.AddTeamMember;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CompleteFollowUp;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.LinkDocument;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.RemoveTeamMember;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.ScheduleFollowUp;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.platform.problem.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The commands on an opportunity. Every write but the creation accepts {@code If-Match: <version>}
 * and answers the opportunity's version in the body and as {@code ETag}.
 */
@RestController
@RequestMapping("/api/opportunities")
@Tag(name = "Opportunities (commands)")
@ApiResponse(responseCode = "400", description = "Malformed or invalid input (problem+json, field errors named)")
@ApiResponse(responseCode = "404", description = "No such opportunity (or task, member)")
@ApiResponse(responseCode = "409", description = "Breaks a business rule for the current state, or a concurrent change")
@ApiResponse(responseCode = "412", description = "If-Match names another version")
@ApiResponse(responseCode = "413", description = "The body is larger than the limit")
@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used for a different request")
class OpportunityCommandController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String MERGE_PATCH = "application/merge-patch+json";

    private final CommandSender commands;
    private final Clock clock;
    private final ObjectProvider<Pipelines> pipelines;
    private final ObjectProvider<AggregateDirectory> directories;
    private final ObjectProvider<KnownUsers> users;

    OpportunityCommandController(
            CommandSender commands,
            Clock clock,
            ObjectProvider<Pipelines> pipelines,
            ObjectProvider<AggregateDirectory> directories,
            ObjectProvider<KnownUsers> users) {
        this.commands = commands;
        this.clock = clock;
        this.pipelines = pipelines;
        this.directories = directories;
        this.users = users;
    }

    /** An owner or team member must be a user of the engine ({@link KnownUsers}), checked before anything is sent. */
    private void requireUser(String field, UserId userId) {
        KnownUsers known = users.getIfAvailable();
        if (known != null) {
            known.require(field, userId);
        }
    }

    @PostMapping(consumes = JSON)
    @Operation(
            summary = "Create an opportunity",
            description = "With an inline `customer`, registers that customer first. `pipeline` defaults to "
                    + "`default`, `stage` to its first stage, `occurredAt` to now.")
    @ApiResponse(responseCode = "201", description = "Created; Location names the opportunity, ETag its version 0")
    ResponseEntity<OpportunityCreatedResponse> create(@Valid @RequestBody CreateOpportunityRequest request) {
        if (request.customerId() != null && request.customer() != null) {
            throw new InvalidInputException("customer", "must be absent when customerId is given");
        }
        if (request.customerId() == null && request.customer() == null) {
            throw new InvalidInputException("customerId", "or an inline customer is required");
        }
        requireUser("ownerId", request.ownerId());
        OpportunityId id = request.opportunityId() != null ? request.opportunityId() : OpportunityId.random();
        CustomerId customerId = request.customerId();
        if (request.customer() != null) {
            // checked here too, so that a creation bound to fail does not leave a new customer behind
            rejectFuture(request.occurredAt());
            rejectUnknownStage(request.pipeline(), request.stage());
            rejectExisting(request.opportunityId());
            customerId = registerCustomer(request.customer(), request.opportunityId(), request.occurredAt());
        }
        commands.send(new CreateOpportunity(
                id,
                request.title(),
                request.description(),
                customerId,
                request.source(),
                request.amount(),
                request.expectedCloseDate(),
                request.ownerId(),
                request.pipeline(),
                request.stage(),
                request.relatedOpportunityIds(),
                request.occurredAt()));
        return CommandResponses.created(
                CommandResponses.location("/api/opportunities/{id}", id), 0L, new OpportunityCreatedResponse(id, 0L));
    }

    @PatchMapping(
            path = "/{id}",
            consumes = {JSON, MERGE_PATCH})
    @Operation(summary = "Change an opportunity's details (absent fields stay)")
    @ApiResponse(responseCode = "200", description = "Changed")
    ResponseEntity<VersionResponse> update(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody UpdateOpportunityRequest request) {
        return version(commands.sendForVersion(new UpdateOpportunityDetails(
                id,
                request.title(),
                request.description(),
                request.amount(),
                request.expectedCloseDate(),
                request.source(),
                request.relatedOpportunityIds(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch))));
    }

    @PutMapping(path = "/{id}/forecast", consumes = JSON)
    @Operation(
            summary = "Record the forecast a person set (probability, forecast category)",
            description = "At least one of `probability` (a whole percent, 0 to 100) and `forecastCategory`; an absent "
                    + "one stays. What equals the current forecast appends nothing. `occurredAt` defaults to now.")
    @ApiResponse(responseCode = "200", description = "Recorded (or unchanged)")
    ResponseEntity<VersionResponse> updateForecast(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody UpdateForecastRequest request) {
        return version(commands.sendForVersion(new UpdateForecast(
                id,
                request.probability(),
                request.forecastCategory(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/contacts", consumes = JSON)
    @Operation(summary = "Log a contact with the customer")
    @ApiResponse(responseCode = "201", description = "Logged")
    ResponseEntity<ContactLoggedResponse> logContact(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody LogContactRequest request) {
        ContactId contactId = request.contactId() != null ? request.contactId() : ContactId.random();
        long version = commands.sendForVersion(new LogContact(
                id,
                contactId,
                request.channel(),
                request.direction(),
                request.summary(),
                request.participants(),
                request.outcome(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.created(
                CommandResponses.location("/api/opportunities/{id}/contacts/{contactId}", id, contactId),
                version,
                new ContactLoggedResponse(contactId, version));
    }

    @PostMapping(path = "/{id}/tasks", consumes = JSON)
    @Operation(summary = "Schedule a follow-up task")
    @ApiResponse(responseCode = "201", description = "Scheduled")
    ResponseEntity<FollowUpScheduledResponse> scheduleFollowUp(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody ScheduleFollowUpRequest request) {
        TaskId taskId = request.taskId() != null ? request.taskId() : TaskId.random();
        long version = commands.sendForVersion(new ScheduleFollowUp(
                id,
                taskId,
                request.assigneeId(),
                request.dueAt(),
                request.type(),
                request.description(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.created(
                CommandResponses.location("/api/opportunities/{id}/tasks/{taskId}", id, taskId),
                version,
                new FollowUpScheduledResponse(taskId, version));
    }

    @PostMapping(path = "/{id}/tasks/{taskId}/complete")
    @Operation(summary = "Complete a follow-up task")
    @ApiResponse(responseCode = "200", description = "Completed")
    ResponseEntity<VersionResponse> completeFollowUp(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @Parameter(schema = @Schema(type = "string", format = "uuid")) @PathVariable("taskId") TaskId taskId,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody(required = false) CompleteFollowUpRequest request) {
        CompleteFollowUpRequest body = request != null ? request : CompleteFollowUpRequest.EMPTY;
        return version(commands.sendForVersion(
                new CompleteFollowUp(id, taskId, body.outcome(), body.occurredAt(), IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/stage", consumes = JSON)
    @Operation(
            summary = "Move to another stage",
            description = "Forward moves may skip stages; a backward move needs a reason.")
    @ApiResponse(responseCode = "200", description = "Moved")
    ResponseEntity<StageResponse> advanceStage(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody AdvanceStageRequest request) {
        long version = commands.sendForVersion(new AdvanceStage(
                id, request.stage(), request.reason(), request.occurredAt(), IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.ok(version, new StageResponse(request.stage(), version));
    }

    @PutMapping(path = "/{id}/owner", consumes = JSON)
    @Operation(summary = "Hand the opportunity to another owner")
    @ApiResponse(responseCode = "200", description = "Assigned")
    ResponseEntity<VersionResponse> assignOwner(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody AssignOwnerRequest request) {
        requireUser("ownerId", request.ownerId());
        return version(commands.sendForVersion(new AssignOwner(
                id, request.ownerId(), request.reason(), request.occurredAt(), IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/team", consumes = JSON)
    @Operation(summary = "Add a team member")
    @ApiResponse(responseCode = "200", description = "Added")
    ResponseEntity<VersionResponse> addTeamMember(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody AddTeamMemberRequest request) {
        requireUser("memberId", request.memberId());
        return version(commands.sendForVersion(new AddTeamMember(
                id, request.memberId(), request.role(), request.occurredAt(), IfMatch.expectedVersion(ifMatch))));
    }

    @DeleteMapping(path = "/{id}/team/{memberId}")
    @Operation(summary = "Remove a team member")
    @ApiResponse(responseCode = "200", description = "Removed")
    ResponseEntity<VersionResponse> removeTeamMember(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @Parameter(schema = @Schema(type = "string")) @PathVariable("memberId") UserId memberId,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch) {
        return version(
                commands.sendForVersion(new RemoveTeamMember(id, memberId, null, IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/documents", consumes = JSON)
    @Operation(summary = "Link a document (proposal, quote, contract)")
    @ApiResponse(responseCode = "201", description = "Linked")
    ResponseEntity<DocumentLinkedResponse> linkDocument(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody LinkDocumentRequest request) {
        DocumentId documentId = request.documentId() != null ? request.documentId() : DocumentId.random();
        long version = commands.sendForVersion(new LinkDocument(
                id,
                documentId,
                request.name(),
                request.uri(),
                request.mediaType(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.created(
                CommandResponses.location("/api/opportunities/{id}/documents/{documentId}", id, documentId),
                version,
                new DocumentLinkedResponse(documentId, version));
    }

    @PostMapping(path = "/{id}/lose", consumes = JSON)
    @Operation(summary = "Close the opportunity as lost")
    @ApiResponse(responseCode = "200", description = "Lost")
    ResponseEntity<VersionResponse> markLost(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody MarkLostRequest request) {
        return version(commands.sendForVersion(new MarkLost(
                id, request.reason(), request.competitor(), request.occurredAt(), IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/reopen", consumes = JSON)
    @Operation(summary = "Reopen a lost opportunity", description = "A converted one cannot be reopened (409).")
    @ApiResponse(responseCode = "200", description = "Reopened")
    ResponseEntity<VersionResponse> reopen(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody ReopenRequest request) {
        return version(commands.sendForVersion(new Reopen(
                id, request.reason(), request.stage(), request.occurredAt(), IfMatch.expectedVersion(ifMatch))));
    }

    @PostMapping(path = "/{id}/convert", consumes = JSON)
    @Operation(
            summary = "Win the opportunity by converting it into a deal",
            description = "The deal links the opportunity's contacts and documents.")
    @ApiResponse(
            responseCode = "201",
            description = "Converted; Location names the deal, ETag the opportunity's version")
    ResponseEntity<ConvertedResponse> convert(
            @OpportunityIdParam @PathVariable("id") OpportunityId id,
            @RequestHeader(name = IfMatch.HEADER, required = false) String ifMatch,
            @Valid @RequestBody ConvertToDealRequest request) {
        DealId dealId = request.dealId() != null ? request.dealId() : DealId.random();
        long version = commands.sendForVersion(new ConvertToDeal(
                id,
                dealId,
                request.expectedAmount(),
                request.expectedCloseDate(),
                request.occurredAt(),
                IfMatch.expectedVersion(ifMatch)));
        return CommandResponses.created(
                CommandResponses.location("/api/deals/{id}", dealId), version, new ConvertedResponse(dealId, version));
    }

    /** A creation with a client-chosen id that is taken fails before it registers its inline customer. */
    private void rejectExisting(OpportunityId id) {
        AggregateDirectory directory = directories.getIfAvailable();
        if (id != null && directory != null && directory.exists(id.toString(), AggregateDirectory.OPPORTUNITY)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "opportunity " + id + " already exists");
        }
    }

    /**
     * Registers the inline customer. Without a customer id of its own, a creation with a client-chosen opportunity
     * id registers the customer under an id derived from the opportunity's: creations racing for the same
     * opportunity then race for the same customer too, so the store's unique key lets one of them register it and
     * the others answer 409, and no customer is left without its opportunity. One registered by an earlier attempt
     * of the same creation (which failed after it) is used, not registered again.
     */
    private CustomerId registerCustomer(NewCustomerRequest customer, OpportunityId opportunityId, Instant occurredAt) {
        CustomerId customerId;
        if (customer.customerId() != null) {
            customerId = customer.customerId();
        } else if (opportunityId != null) {
            customerId = new CustomerId(UUID.nameUUIDFromBytes(
                    ("inline customer of opportunity " + opportunityId).getBytes(StandardCharsets.UTF_8)));
            AggregateDirectory directory = directories.getIfAvailable();
            if (directory != null && directory.exists(customerId.toString(), AggregateDirectory.CUSTOMER)) {
                return customerId;
            }
        } else {
            customerId = CustomerId.random();
        }
        commands.send(new RegisterCustomer(
                customerId,
                customer.name(),
                customer.company(),
                customer.industry(),
                customer.region(),
                customer.size(),
                customer.email(),
                customer.phone(),
                occurredAt));
        return customerId;
    }

    private void rejectFuture(Instant occurredAt) {
        if (occurredAt != null && occurredAt.isAfter(clock.instant())) {
            throw new BusinessRuleException(
                    ErrorCode.OCCURRED_IN_FUTURE, "occurredAt " + occurredAt + " is in the future");
        }
    }

    private void rejectUnknownStage(PipelineId pipelineId, StageCode stage) {
        Pipelines known = pipelines.getIfAvailable();
        if (known == null) {
            return;
        }
        PipelineId id = pipelineId != null ? pipelineId : PipelineId.DEFAULT;
        Pipeline pipeline = known.find(id)
                .orElseThrow(() -> new BusinessRuleException(ErrorCode.UNKNOWN_PIPELINE, "there is no pipeline " + id));
        if (stage != null && !pipeline.contains(stage)) {
            throw new BusinessRuleException(ErrorCode.UNKNOWN_STAGE, "the pipeline " + id + " has no stage " + stage);
        }
    }

    private static ResponseEntity<VersionResponse> version(long version) {
        return CommandResponses.ok(version, new VersionResponse(version));
    }
}
