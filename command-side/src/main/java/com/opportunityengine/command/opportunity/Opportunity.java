package com.opportunityengine.command.opportunity;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.access.CommandAccess;
import com.opportunityengine.command.assignment.Assigner;
import com.opportunityengine.command.assignment.Assignment;
import com.opportunityengine.command.assignment.AssignmentSubject;
import com.opportunityengine.command.common.AccessBeforeVersion;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.Amounts;
import com.opportunityengine.command.common.BusinessTime;
import com.opportunityengine.command.deal.Deal;
import com.opportunityengine.command.email.EmailComposer;
import com.opportunityengine.command.email.Suppressions;
import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealId;
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
import com.opportunityengine.events.email.EnrolInSequence;
import com.opportunityengine.events.email.MarkEmailDeliveryUnknown;
import com.opportunityengine.events.email.RecordEmailBounce;
import com.opportunityengine.events.email.RecordEmailFailed;
import com.opportunityengine.events.email.RecordEmailReply;
import com.opportunityengine.events.email.RecordEmailSent;
import com.opportunityengine.events.email.RecordEmailSuppressed;
import com.opportunityengine.events.email.RequestEmail;
import com.opportunityengine.events.email.RetryEmail;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceEvent;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStep;
import com.opportunityengine.events.email.SequenceStopReason;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.events.email.SequenceUnenrolled;
import com.opportunityengine.events.email.UnenrolFromSequence;
import com.opportunityengine.events.opportunity.AddTeamMember;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.AssignOwner;
import com.opportunityengine.events.opportunity.CompleteFollowUp;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.HandOverOpportunity;
import com.opportunityengine.events.opportunity.LinkDocument;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.RemoveTeamMember;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.events.opportunity.ScheduleFollowUp;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import com.opportunityengine.events.opportunity.UpdateForecast;
import com.opportunityengine.events.opportunity.UpdateOpportunityDetails;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.security.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * An opportunity (商机): the consistency boundary for everything that happens to one potential
 * sale, from creation through contacts, tasks, stage moves and team changes to loss or
 * conversion into a {@link Deal}.
 *
 * <p>Rules: a closed (WON or LOST) opportunity takes nothing but {@link Reopen}
 * (OPPORTUNITY_CLOSED); a converted one cannot be reopened. Every command's business time
 * ({@code occurredAt}, now when absent) may be neither in the future nor before the previous
 * event. Broken rules throw {@link BusinessRuleException} and append nothing.
 *
 * <p><b>Versions.</b> The creation constructor's result is the opportunity's id (Axon's
 * convention); the version right after creation is 0, the sequence number of the first event.
 * Every other command handler returns the opportunity's version after the command as a
 * {@code long}: the sequence number of its last event, the value that {@code If-Match} must
 * carry next (a command that changes nothing, such as an update with no changed field,
 * returns the unchanged version). Commands carry {@code @TargetAggregateVersion
 * expectedVersion}; a stale one is refused with {@code ConflictingAggregateVersionException}, after the access
 * check ({@link AccessBeforeVersion}), so that a version never tells anyone about an opportunity they cannot see.
 *
 * <p>State lives in one immutable {@link OpportunityState}, the same fold the audit uses.
 * Command handlers take {@link Pipelines}, {@link AggregateDirectory} and {@link Clock} as
 * parameters (Spring beans; fixtures register them as injectable resources), and the {@link Actor}
 * who sends the command (read from its metadata by {@code command.config}'s resolver).
 */
@Aggregate(
        type = AggregateDirectory.OPPORTUNITY,
        snapshotTriggerDefinition = "opportunitySnapshotTrigger",
        cache = "aggregateCache",
        commandTargetResolver = AccessBeforeVersion.BEAN)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Opportunity {

    @AggregateIdentifier
    private OpportunityId opportunityId;

    private OpportunityState state = OpportunityState.initial();

    /** Each email's delivery status (REQUESTED, SENT, FAILED, SUPPRESSED, UNKNOWN) by email id. */
    private Map<String, String> emails = new HashMap<>();

    /** Each email's current delivery attempt (0, then one more per retry). */
    private Map<String, Integer> emailAttempts = new HashMap<>();

    /** The emails a bounce came back for. */
    private Set<String> bouncedEmails = new HashSet<>();

    /** The email sequence the opportunity is enrolled in, or null when none is active. */
    private SequenceId activeSequence;

    /** The number of the active enrolment (null when none is active), and how many enrolments there have been. */
    private Integer activeEnrolment;

    private int enrolments;

    Opportunity() {
        // for Axon and Jackson
    }

    @CommandHandler
    Opportunity(
            CreateOpportunity command,
            Pipelines pipelines,
            AggregateDirectory directory,
            Clock clock,
            Actor actor,
            Assigner assigner) {
        if (command.ownerId() == null) {
            CommandAccess.checkRoutedCreate(actor);
        } else {
            CommandAccess.checkCreate(actor, command.ownerId().toString());
        }
        OpportunityId id = command.opportunityId() != null ? command.opportunityId() : OpportunityId.random();
        Amounts.notNegative(command.amount(), "amount");
        PipelineId pipelineId = command.pipeline() != null ? command.pipeline() : PipelineId.DEFAULT;
        Pipeline pipeline = pipelines
                .find(pipelineId)
                .orElseThrow(() ->
                        new BusinessRuleException(ErrorCode.UNKNOWN_PIPELINE, "there is no pipeline " + pipelineId));
        StageCode stage =
                command.stage() != null ? command.stage() : pipeline.first().code();
        int stageOrder = orderIn(pipeline, stage);
        if (command.customerId() != null
                && !directory.exists(command.customerId().toString(), AggregateDirectory.CUSTOMER)) {
            throw new BusinessRuleException(
                    ErrorCode.CUSTOMER_NOT_FOUND, "there is no customer " + command.customerId());
        }
        List<OpportunityId> related =
                command.relatedOpportunityIds() == null ? List.of() : List.copyOf(command.relatedOpportunityIds());
        requireExisting(related, List.of(), directory, actor);
        if (directory.exists(id.toString(), AggregateDirectory.OPPORTUNITY)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "opportunity " + id + " already exists");
        }
        Instant at = BusinessTime.of(command.occurredAt(), clock, null);
        UserId ownerId = command.ownerId();
        AssignmentDecision decision = null;
        if (ownerId == null) {
            // decided once, here, and recorded in the event: a replay applies it and never asks the rules again
            Assignment assignment = assigner.assign(new AssignmentSubject(
                    pipelineId.toString(), command.source(), command.amount(), command.customerId(), at, null));
            ownerId = assignment.ownerId();
            decision = assignment.decision();
        }
        AggregateLifecycle.apply(new OpportunityCreated(
                id,
                command.title(),
                command.description(),
                command.customerId(),
                command.source(),
                command.amount(),
                command.expectedCloseDate(),
                ownerId,
                pipelineId,
                stage,
                stageOrder,
                related,
                at,
                decision));
    }

    /**
     * Every command on an existing opportunity is checked against the acting principal in its
     * metadata and this opportunity's owner and team, here, on the aggregate's own state
     * (strongly consistent): see {@link CommandAccess}.
     */
    @CommandHandlerInterceptor
    Object checkAccess(CommandMessage<?> command, Actor actor, InterceptorChain chain) throws Exception {
        String newOwner = command.getPayload() instanceof AssignOwner assign && assign.ownerId() != null
                ? assign.ownerId().toString()
                : null;
        CommandAccess.checkOpportunity(
                actor,
                String.valueOf(opportunityId),
                state.ownerId() == null ? null : state.ownerId().toString(),
                state.team().stream()
                        .map(member -> member.memberId().toString())
                        .toList(),
                newOwner);
        // If-Match only once the actor may see the opportunity: a stale version must not reveal one they cannot
        AccessBeforeVersion.check(command, opportunityId, AggregateLifecycle.getVersion());
        return chain.proceed();
    }

    /** Applies only the fields that differ from the current ones; nothing changed, no event. */
    @CommandHandler
    long handle(UpdateOpportunityDetails command, AggregateDirectory directory, Clock clock, Actor actor) {
        requireOpen();
        Amounts.notNegative(command.amount(), "amount");
        Instant at = time(command.occurredAt(), clock);
        String title = changed(command.title(), state.title());
        String description = changed(command.description(), state.description());
        Money amount = sameAmount(command.amount(), state.amount()) ? null : command.amount();
        LocalDate expectedCloseDate = changed(command.expectedCloseDate(), state.expectedCloseDate());
        String source = changed(command.source(), state.source());
        List<OpportunityId> related = changed(
                command.relatedOpportunityIds() == null ? null : List.copyOf(command.relatedOpportunityIds()),
                state.relatedOpportunityIds());
        if (related != null) {
            requireExisting(related, state.relatedOpportunityIds(), directory, actor);
        }
        if (title == null
                && description == null
                && amount == null
                && expectedCloseDate == null
                && source == null
                && related == null) {
            return version();
        }
        return applied(new OpportunityDetailsUpdated(
                opportunityId, title, description, amount, expectedCloseDate, source, related, at));
    }

    /**
     * Records the forecast a person set: a probability (a whole percent, 0..100) and/or a forecast category, at
     * least one of them; only what differs from the current forecast is recorded, and nothing changed, no event.
     */
    @CommandHandler
    long handle(UpdateForecast command, Clock clock) {
        requireOpen();
        if (command.probability() == null && command.forecastCategory() == null) {
            throw new BusinessRuleException(
                    ErrorCode.FORECAST_MISSING, "a forecast needs a probability, a forecast category or both");
        }
        if (command.probability() != null && (command.probability() < 0 || command.probability() > 100)) {
            throw new BusinessRuleException(
                    ErrorCode.INVALID_PROBABILITY,
                    "probability must be a whole percent from 0 to 100: " + command.probability());
        }
        Instant at = time(command.occurredAt(), clock);
        Integer probability = changed(command.probability(), state.forecastProbability());
        ForecastCategory category = changed(command.forecastCategory(), state.forecastCategory());
        if (probability == null && category == null) {
            return version();
        }
        return applied(new ForecastUpdated(opportunityId, probability, category, at));
    }

    @CommandHandler
    long handle(LogContact command, Clock clock) {
        requireOpen();
        ContactId contactId = command.contactId() != null ? command.contactId() : ContactId.random();
        if (state.contactIds().contains(contactId)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "contact " + contactId + " is already logged");
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new ContactLogged(
                opportunityId,
                contactId,
                command.channel(),
                command.direction(),
                command.summary(),
                command.participants() == null ? List.of() : List.copyOf(command.participants()),
                command.outcome(),
                at,
                command.durationMinutes()));
    }

    @CommandHandler
    long handle(ScheduleFollowUp command, Clock clock) {
        requireOpen();
        TaskId taskId = command.taskId() != null ? command.taskId() : TaskId.random();
        if (state.task(taskId).isPresent()) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "task " + taskId + " already exists");
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new FollowUpScheduled(
                opportunityId,
                taskId,
                command.assigneeId(),
                command.dueAt(),
                command.type(),
                command.description(),
                at));
    }

    @CommandHandler
    long handle(CompleteFollowUp command, Clock clock) {
        requireOpen();
        FollowUpTask task = state.task(command.taskId())
                .orElseThrow(() -> new BusinessRuleException(
                        ErrorCode.TASK_NOT_FOUND, "opportunity " + opportunityId + " has no task " + command.taskId()));
        if (task.completed()) {
            throw new BusinessRuleException(
                    ErrorCode.TASK_ALREADY_COMPLETED,
                    "task " + command.taskId() + " was completed at " + task.completedAt());
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new FollowUpCompleted(opportunityId, command.taskId(), command.outcome(), at));
    }

    /** Forward moves may skip stages; a backward move needs a reason. */
    @CommandHandler
    long handle(AdvanceStage command, Pipelines pipelines, Clock clock) {
        requireOpen();
        int toOrder = orderIn(pipeline(pipelines), command.stage());
        if (command.stage().equals(state.stage())) {
            throw new BusinessRuleException(
                    ErrorCode.ALREADY_IN_STAGE,
                    "opportunity " + opportunityId + " is already in stage " + state.stage());
        }
        StageDirection direction = toOrder > state.stageOrder() ? StageDirection.FORWARD : StageDirection.BACKWARD;
        if (direction == StageDirection.BACKWARD && isBlank(command.reason())) {
            throw new BusinessRuleException(
                    ErrorCode.BACKWARD_MOVE_NEEDS_REASON,
                    "moving back from " + state.stage() + " to " + command.stage() + " needs a reason");
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new StageChanged(
                opportunityId,
                state.pipeline(),
                state.stage(),
                state.stageOrder(),
                command.stage(),
                toOrder,
                direction,
                command.reason(),
                at));
    }

    @CommandHandler
    long handle(AssignOwner command, Clock clock) {
        requireOpen();
        if (Objects.equals(command.ownerId(), state.ownerId())) {
            throw new BusinessRuleException(
                    ErrorCode.OWNER_UNCHANGED,
                    "opportunity " + opportunityId + " is already owned by " + state.ownerId());
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new OwnerAssigned(opportunityId, state.ownerId(), command.ownerId(), command.reason(), at));
    }

    /**
     * A hand-over's move (sent by the engine's hand-over job, or an admin): the opportunity and the open tasks of
     * its departing owner go to the chosen one. Nothing changes when it is closed or no longer owned by
     * {@code fromUserId}, so that a resumed hand-over may send a move again.
     */
    @CommandHandler
    long handle(HandOverOpportunity command, Clock clock, Actor actor) {
        if (!actor.isEngine() && !actor.has(Role.ADMIN)) {
            throw new BusinessRuleException(ErrorCode.ROLE_NOT_ALLOWED, "only the engine or an admin hands over");
        }
        if (!state.open()
                || !Objects.equals(state.ownerId(), command.fromUserId())
                || Objects.equals(command.toUserId(), state.ownerId())) {
            return version();
        }
        Instant at = time(command.occurredAt(), clock);
        List<TaskId> moved = state.tasks().stream()
                .filter(task -> !task.completed() && command.fromUserId().equals(task.assigneeId()))
                .map(FollowUpTask::taskId)
                .toList();
        return applied(new OwnerAssigned(
                opportunityId,
                state.ownerId(),
                command.toUserId(),
                OwnerAssigned.HANDOVER,
                at,
                moved,
                command.decision()));
    }

    @CommandHandler
    long handle(AddTeamMember command, Clock clock) {
        requireOpen();
        if (state.hasTeamMember(command.memberId())) {
            throw new BusinessRuleException(
                    ErrorCode.ALREADY_TEAM_MEMBER,
                    command.memberId() + " is already on the team of opportunity " + opportunityId);
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new TeamMemberAdded(opportunityId, command.memberId(), command.role(), at));
    }

    @CommandHandler
    long handle(RemoveTeamMember command, Clock clock) {
        requireOpen();
        if (!state.hasTeamMember(command.memberId())) {
            throw new BusinessRuleException(
                    ErrorCode.TEAM_MEMBER_NOT_FOUND,
                    command.memberId() + " is not on the team of opportunity " + opportunityId);
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(new TeamMemberRemoved(opportunityId, command.memberId(), at));
    }

    @CommandHandler
    long handle(LinkDocument command, Clock clock) {
        requireOpen();
        DocumentId documentId = command.documentId() != null ? command.documentId() : DocumentId.random();
        if (state.documentIds().contains(documentId)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "document " + documentId + " is already linked");
        }
        Instant at = time(command.occurredAt(), clock);
        return applied(
                new DocumentLinked(opportunityId, documentId, command.name(), command.uri(), command.mediaType(), at));
    }

    @CommandHandler
    long handle(MarkLost command, Clock clock) {
        requireOpen();
        Instant at = time(command.occurredAt(), clock);
        return applied(new OpportunityLost(
                opportunityId, command.reason(), command.competitor(), state.stage(), state.stageOrder(), at));
    }

    /** Opens a lost opportunity again, at the given stage or the one it was lost at. */
    @CommandHandler
    long handle(Reopen command, Pipelines pipelines, Clock clock) {
        if (state.status() == OpportunityStatus.OPEN) {
            throw new BusinessRuleException(
                    ErrorCode.OPPORTUNITY_NOT_CLOSED, "opportunity " + opportunityId + " is open");
        }
        if (state.status() == OpportunityStatus.WON) {
            throw new BusinessRuleException(
                    ErrorCode.OPPORTUNITY_CONVERTED,
                    "opportunity " + opportunityId + " was converted into deal " + state.dealId());
        }
        StageCode stage = command.stage() != null
                ? command.stage()
                : state.lostAtStage() != null ? state.lostAtStage() : state.stage();
        int stageOrder = orderIn(pipeline(pipelines), stage);
        Instant at = time(command.occurredAt(), clock);
        return applied(new OpportunityReopened(opportunityId, command.reason(), stage, stageOrder, at));
    }

    /**
     * Wins the opportunity and, in the same unit of work, creates the {@link Deal} linking its
     * customer, owner, contacts and documents. Expected amount and close date default to the
     * opportunity's.
     */
    @CommandHandler
    long handle(ConvertToDeal command, AggregateDirectory directory, Clock clock) throws Exception {
        requireOpen();
        Amounts.notNegative(command.expectedAmount(), "expectedAmount");
        DealId dealId = command.dealId() != null ? command.dealId() : DealId.random();
        if (directory.exists(dealId.toString(), AggregateDirectory.DEAL)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "deal " + dealId + " already exists");
        }
        Money expectedAmount = command.expectedAmount() != null ? command.expectedAmount() : state.amount();
        LocalDate expectedCloseDate =
                command.expectedCloseDate() != null ? command.expectedCloseDate() : state.expectedCloseDate();
        Instant at = time(command.occurredAt(), clock);
        List<ContactId> contacts = state.contactIds();
        List<DocumentId> documents = state.documentIds();
        AggregateLifecycle.apply(new OpportunityConverted(
                opportunityId,
                dealId,
                expectedAmount,
                expectedCloseDate,
                state.stage(),
                state.stageOrder(),
                contacts,
                documents,
                at));
        stopSequence(SequenceStopReason.WON, at);
        long version = version();
        DealCreated created = new DealCreated(
                dealId,
                opportunityId,
                state.customerId(),
                state.ownerId(),
                expectedAmount,
                expectedCloseDate,
                contacts,
                documents,
                at);
        AggregateLifecycle.createNew(Deal.class, () -> new Deal(created));
        return version;
    }

    /**
     * Asks for an email from a template (docs/email.md): the opportunity is open, the id new, {@code sendAt} no
     * more than a minute in the past; the {@link EmailComposer} finds the template version (UNKNOWN_EMAIL_TEMPLATE)
     * and the recipient (EMAIL_RECIPIENT_MISSING), refuses a suppressed address (EMAIL_ADDRESS_SUPPRESSED) and
     * renders it. The event names the recipient by reference and the rendered body by its hash.
     */
    @CommandHandler
    long handle(RequestEmail command, EmailComposer composer, Clock clock) {
        SequenceStep step = command.sequenceStep();
        if (step != null) {
            requireActiveEnrolment(step);
        }
        requireOpen();
        EmailId emailId = step != null
                ? step.emailId(opportunityId)
                : command.emailId() != null ? command.emailId() : EmailId.random();
        if (emails.containsKey(emailId.toString())) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "email " + emailId + " already exists");
        }
        Instant now = clock.instant();
        if (command.sendAt() != null && command.sendAt().isBefore(now.minus(Duration.ofMinutes(1)))) {
            throw new BusinessRuleException(
                    ErrorCode.SEND_AT_IN_PAST, "sendAt " + command.sendAt() + " lies more than a minute in the past");
        }
        Instant at = time(command.occurredAt(), clock);
        EmailComposer.Composed composed;
        try {
            composed = composer.compose(new EmailComposer.Draft(
                    emailId.toString(),
                    opportunityId.toString(),
                    command.templateId(),
                    command.templateVersion(),
                    command.to(),
                    state.customerId() == null ? null : state.customerId().toString(),
                    state.title(),
                    state.amount(),
                    state.stage() == null ? null : state.stage().toString(),
                    state.ownerId() == null ? null : state.ownerId().toString(),
                    command.sendAt(),
                    at));
        } catch (EmailComposer.AddressSuppressed e) {
            if (step == null) {
                throw e;
            }
            // a step to a suppressed address stops the enrolment instead of failing again at every poll
            boolean bounced =
                    Suppressions.HARD_BOUNCE.equals(e.reason()) || Suppressions.SOFT_BOUNCES.equals(e.reason());
            stopSequence(bounced ? SequenceStopReason.BOUNCED : SequenceStopReason.UNSUBSCRIBED, at);
            return version();
        }
        AggregateLifecycle.apply(new EmailRequested(
                opportunityId,
                emailId,
                composed.templateId(),
                composed.templateVersion(),
                composed.recipient(),
                composed.source(),
                state.ownerId(),
                composed.bodySha256(),
                command.sendAt(),
                at,
                step));
        return version();
    }

    /** A sequence step is sent only for the enrolment it belongs to, while that enrolment is active. */
    private void requireActiveEnrolment(SequenceStep step) {
        if (activeEnrolment == null
                || activeEnrolment != step.enrolment()
                || !step.sequenceId().equals(activeSequence)) {
            throw new BusinessRuleException(
                    ErrorCode.SEQUENCE_NOT_ACTIVE,
                    "enrolment " + step.enrolment() + " of opportunity " + opportunityId + " in sequence "
                            + step.sequenceId() + " is not active");
        }
    }

    /**
     * The mail server took the email: recorded once (a repeat changes nothing), with the contact it is on the
     * timeline and in customer behaviour (channel EMAIL, OUTBOUND; its id derived from the email's).
     */
    @CommandHandler
    long handle(RecordEmailSent command, Clock clock) {
        String status = emailStatus(command.emailId());
        if ("SENT".equals(status)) {
            return version();
        }
        Instant at = engineTime(clock);
        ContactId contactId = derivedContact("email-sent:" + command.emailId());
        AggregateLifecycle.apply(
                new EmailSent(opportunityId, command.emailId(), command.attempt(), command.messageId(), contactId, at));
        if (!state.contactIds().contains(contactId)) {
            AggregateLifecycle.apply(new ContactLogged(
                    opportunityId,
                    contactId,
                    ContactChannel.EMAIL,
                    ContactDirection.OUTBOUND,
                    command.summary(),
                    List.of(),
                    "SENT",
                    at));
        }
        return version();
    }

    @CommandHandler
    long handle(RecordEmailFailed command, Clock clock) {
        String status = emailStatus(command.emailId());
        if (!"REQUESTED".equals(status) && !"UNKNOWN".equals(status)) {
            return version();
        }
        return appliedEmail(new EmailFailed(
                opportunityId, command.emailId(), command.attempt(), command.smtpReply(), engineTime(clock)));
    }

    @CommandHandler
    long handle(RecordEmailSuppressed command, Clock clock) {
        if (!"REQUESTED".equals(emailStatus(command.emailId()))) {
            return version();
        }
        return appliedEmail(new EmailSuppressed(
                opportunityId, command.emailId(), command.attempt(), command.reason(), engineTime(clock)));
    }

    /** A claim never confirmed: only for the email's current attempt while it is still REQUESTED. */
    @CommandHandler
    long handle(MarkEmailDeliveryUnknown command, Clock clock) {
        String key = command.emailId().toString();
        if (!"REQUESTED".equals(emailStatus(command.emailId()))
                || emailAttempts.getOrDefault(key, 0) != command.attempt()) {
            return version();
        }
        return appliedEmail(
                new EmailDeliveryUnknown(opportunityId, command.emailId(), command.attempt(), engineTime(clock)));
    }

    /** An explicit retry (the engine or an admin) of a FAILED or UNKNOWN email, as its next attempt. */
    @CommandHandler
    long handle(RetryEmail command, Clock clock, Actor actor) {
        if (!actor.isEngine() && !actor.has(Role.ADMIN)) {
            throw new BusinessRuleException(ErrorCode.ROLE_NOT_ALLOWED, "only an admin retries an email");
        }
        String status = emailStatus(command.emailId());
        if (!"FAILED".equals(status) && !"UNKNOWN".equals(status)) {
            throw new BusinessRuleException(
                    ErrorCode.EMAIL_NOT_RETRYABLE,
                    "email " + command.emailId() + " is " + status + "; only a FAILED or UNKNOWN email is retried");
        }
        int attempt = emailAttempts.getOrDefault(command.emailId().toString(), 0) + 1;
        return appliedEmail(new EmailRetried(opportunityId, command.emailId(), attempt, engineTime(clock)));
    }

    /** A reply: an inbound EMAIL contact, once per reply Message-ID. */
    @CommandHandler
    long handle(RecordEmailReply command, Clock clock) {
        emailStatus(command.emailId());
        ContactId contactId = derivedContact("email-reply:" + command.replyMessageId());
        if (state.contactIds().contains(contactId)) {
            return version();
        }
        Instant at = command.occurredAt() != null ? time(command.occurredAt(), clock) : engineTime(clock);
        AggregateLifecycle.apply(
                new EmailReplyReceived(opportunityId, command.emailId(), command.replyMessageId(), contactId, at));
        AggregateLifecycle.apply(new ContactLogged(
                opportunityId,
                contactId,
                ContactChannel.EMAIL,
                ContactDirection.INBOUND,
                "Reply to an email",
                List.of(),
                null,
                at));
        stopSequence(SequenceStopReason.REPLIED, at);
        return version();
    }

    /** A bounce, recorded once per email. */
    @CommandHandler
    long handle(RecordEmailBounce command, Clock clock) {
        emailStatus(command.emailId());
        if (bouncedEmails.contains(command.emailId().toString())) {
            return version();
        }
        Instant at = engineTime(clock);
        AggregateLifecycle.apply(new EmailBounced(
                opportunityId, command.emailId(), command.type(), command.status(), command.action(), at));
        stopSequence(SequenceStopReason.BOUNCED, at);
        return version();
    }

    /** Enrols the open opportunity in a sequence (docs/email.md, Sequences); one active sequence at a time. */
    @CommandHandler
    long handle(EnrolInSequence command, Clock clock) {
        requireOpen();
        if (activeSequence != null) {
            throw new BusinessRuleException(
                    ErrorCode.SEQUENCE_ALREADY_ACTIVE,
                    "opportunity " + opportunityId + " is already enrolled in sequence " + activeSequence);
        }
        AggregateLifecycle.apply(new SequenceEnrolled(
                opportunityId,
                command.sequenceId(),
                time(command.occurredAt(), clock),
                command.sequenceVersion(),
                enrolments + 1));
        return version();
    }

    @CommandHandler
    long handle(UnenrolFromSequence command, Clock clock) {
        if (activeSequence == null) {
            throw new BusinessRuleException(
                    ErrorCode.SEQUENCE_NOT_ACTIVE, "opportunity " + opportunityId + " has no active sequence");
        }
        AggregateLifecycle.apply(
                new SequenceUnenrolled(opportunityId, activeSequence, time(command.occurredAt(), clock)));
        return version();
    }

    @EventSourcingHandler
    void on(SequenceEvent event) {
        opportunityId = event.opportunityId();
        if (event instanceof SequenceEnrolled) {
            enrolments++;
            activeSequence = event.sequenceId();
            activeEnrolment = enrolments;
        } else {
            activeSequence = null;
            activeEnrolment = null;
        }
    }

    /** The active sequence, if any, stops by itself in the same unit of work as what stopped it. */
    private void stopSequence(SequenceStopReason reason, Instant at) {
        if (activeSequence != null) {
            AggregateLifecycle.apply(new SequenceStopped(opportunityId, activeSequence, reason, at));
        }
    }

    @EventSourcingHandler
    void on(EmailEvent event) {
        opportunityId = event.opportunityId();
        String key = event.emailId().toString();
        if (event instanceof EmailRequested) {
            emails.put(key, "REQUESTED");
            emailAttempts.put(key, 0);
        } else if (event instanceof EmailSent) {
            emails.put(key, "SENT");
        } else if (event instanceof EmailFailed) {
            emails.put(key, "FAILED");
        } else if (event instanceof EmailSuppressed) {
            emails.put(key, "SUPPRESSED");
        } else if (event instanceof EmailDeliveryUnknown) {
            emails.put(key, "UNKNOWN");
        } else if (event instanceof EmailRetried retried) {
            emails.put(key, "REQUESTED");
            emailAttempts.put(key, retried.attempt());
        } else if (event instanceof EmailBounced) {
            bouncedEmails.add(key);
        }
    }

    /** The email's status; EMAIL_NOT_FOUND when this opportunity has no such email. */
    private String emailStatus(EmailId emailId) {
        String status = emailId == null ? null : emails.get(emailId.toString());
        if (status == null) {
            throw BusinessRuleException.notFound(ErrorCode.EMAIL_NOT_FOUND, emailId);
        }
        return status;
    }

    /** Now, for what the engine records as it happens: never before the opportunity's previous event. */
    private Instant engineTime(Clock clock) {
        Instant now = clock.instant();
        Instant last = state.lastOccurredAt();
        return last != null && last.isAfter(now) ? last : now;
    }

    private static ContactId derivedContact(String name) {
        return new ContactId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static long appliedEmail(EmailEvent event) {
        AggregateLifecycle.apply(event);
        return version();
    }

    @EventSourcingHandler
    void on(OpportunityEvent event) {
        opportunityId = event.opportunityId();
        state = state.apply(event);
    }

    OpportunityState state() {
        return state;
    }

    private void requireOpen() {
        if (!state.open()) {
            throw new BusinessRuleException(
                    ErrorCode.OPPORTUNITY_CLOSED,
                    "opportunity " + opportunityId + " is " + state.status() + "; only Reopen applies to it");
        }
    }

    private Pipeline pipeline(Pipelines pipelines) {
        return pipelines
                .find(state.pipeline())
                .orElseThrow(() -> new BusinessRuleException(
                        ErrorCode.UNKNOWN_PIPELINE, "the pipeline " + state.pipeline() + " is no longer configured"));
    }

    private static int orderIn(Pipeline pipeline, StageCode stage) {
        int order = pipeline.order(stage);
        if (order == 0) {
            throw new BusinessRuleException(
                    ErrorCode.UNKNOWN_STAGE, "the pipeline " + pipeline.id() + " has no stage " + stage);
        }
        return order;
    }

    /** Every id that is new in {@code wanted} must name an existing opportunity. */
    /**
     * Every newly named related opportunity exists and the actor may see it (one they may not see answers as one
     * that does not exist, so that naming ids cannot probe for other teams' opportunities).
     */
    private static void requireExisting(
            List<OpportunityId> wanted, List<OpportunityId> known, AggregateDirectory directory, Actor actor) {
        for (OpportunityId id : wanted) {
            if (known.contains(id)) {
                continue;
            }
            if (!directory.exists(id.toString(), AggregateDirectory.OPPORTUNITY)) {
                throw BusinessRuleException.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, id);
            }
            if (CommandAccess.seesEverything(actor)) {
                continue;
            }
            OpportunityState related = OpportunityState.fold(directory.history(id.toString()).stream()
                    .filter(OpportunityEvent.class::isInstance)
                    .map(OpportunityEvent.class::cast)
                    .toList());
            CommandAccess.checkRelated(
                    actor,
                    id.toString(),
                    related.ownerId() == null ? null : related.ownerId().toString(),
                    related.team().stream()
                            .map(member -> member.memberId().toString())
                            .toList());
        }
    }

    private Instant time(Instant occurredAt, Clock clock) {
        return BusinessTime.of(occurredAt, clock, state.lastOccurredAt());
    }

    /** Applies the event; a stage move, a win or a loss also stops the active sequence. */
    private long applied(OpportunityEvent event) {
        AggregateLifecycle.apply(event);
        if (event instanceof StageChanged) {
            stopSequence(SequenceStopReason.STAGE_CHANGED, event.occurredAt());
        } else if (event instanceof OpportunityLost) {
            stopSequence(SequenceStopReason.LOST, event.occurredAt());
        }
        return version();
    }

    private static long version() {
        return AggregateLifecycle.getVersion();
    }

    /** The new value when it differs from the current one, else null ("unchanged"). */
    private static <T> T changed(T wanted, T current) {
        return wanted != null && !wanted.equals(current) ? wanted : null;
    }

    /** 100 and 100.00 CNY are the same amount. */
    private static boolean sameAmount(Money wanted, Money current) {
        return wanted == null
                || current != null
                        && wanted.currency().equals(current.currency())
                        && wanted.value().compareTo(current.value()) == 0;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }
}
