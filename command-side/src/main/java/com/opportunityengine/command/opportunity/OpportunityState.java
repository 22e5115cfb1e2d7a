package com.opportunityengine.command.opportunity;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An opportunity as its events made it: THE fold of an opportunity's stream. The aggregate
 * keeps one and delegates its event sourcing to {@link #apply}; the audit folds historical
 * events with the same record to tell how an opportunity stood at an instant or version.
 * Immutable, free of Axon, and serialisable with Jackson (snapshots are stored as JSON).
 *
 * <p>{@code stageOrder} and {@code highestStageOrder} are 1-based orders in the pipeline;
 * {@code lastOccurredAt} is the business time of the latest event; {@code forecastProbability} (a whole percent)
 * and {@code forecastCategory} are the forecast a person last set ({@link ForecastUpdated}), null until one is.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpportunityState(
        OpportunityId opportunityId,
        String title,
        String description,
        CustomerId customerId,
        String source,
        Money amount,
        LocalDate expectedCloseDate,
        UserId ownerId,
        PipelineId pipeline,
        StageCode stage,
        int stageOrder,
        int highestStageOrder,
        OpportunityStatus status,
        StageCode lostAtStage,
        String lostReason,
        DealId dealId,
        List<OpportunityId> relatedOpportunityIds,
        List<TeamMember> team,
        List<ContactId> contactIds,
        List<FollowUpTask> tasks,
        List<DocumentId> documentIds,
        Instant createdAt,
        Instant lastContactAt,
        Instant closedAt,
        Instant lastOccurredAt,
        Integer forecastProbability,
        ForecastCategory forecastCategory) {

    public OpportunityState {
        relatedOpportunityIds = copy(relatedOpportunityIds);
        team = copy(team);
        contactIds = copy(contactIds);
        tasks = copy(tasks);
        documentIds = copy(documentIds);
    }

    /** The state before the first event: nothing is known, not even the id. */
    public static OpportunityState initial() {
        return new OpportunityState(
                null, null, null, null, null, null, null, null, null, null, 0, 0, null, null, null, null, List.of(),
                List.of(), List.of(), List.of(), List.of(), null, null, null, null, null, null);
    }

    /** Folds a stream (or a prefix of it) from the beginning. */
    public static OpportunityState fold(Iterable<? extends OpportunityEvent> events) {
        OpportunityState state = initial();
        for (OpportunityEvent event : events) {
            state = state.apply(event);
        }
        return state;
    }

    /**
     * The state after one more event. Total over every {@link OpportunityEvent}; never checks a
     * rule (old events must always replay): an event naming an unknown task or member changes
     * nothing about it.
     */
    public OpportunityState apply(OpportunityEvent event) {
        Builder next = new Builder(this);
        next.lastOccurredAt = event.occurredAt();
        // Java 17 has no pattern matching for switch: an instanceof chain, checked for
        // completeness against the sealed interface's permitted subclasses by OpportunityStateTest.
        if (event instanceof OpportunityCreated e) {
            next.opportunityId = e.opportunityId();
            next.title = e.title();
            next.description = e.description();
            next.customerId = e.customerId();
            next.source = e.source();
            next.amount = e.amount();
            next.expectedCloseDate = e.expectedCloseDate();
            next.ownerId = e.ownerId();
            next.pipeline = e.pipeline();
            next.stage = e.stage();
            next.stageOrder = e.stageOrder();
            next.highestStageOrder = e.stageOrder();
            next.status = OpportunityStatus.OPEN;
            next.relatedOpportunityIds = e.relatedOpportunityIds() == null ? List.of() : e.relatedOpportunityIds();
            next.createdAt = e.occurredAt();
        } else if (event instanceof OpportunityDetailsUpdated e) {
            next.title = orElse(e.title(), title);
            next.description = orElse(e.description(), description);
            next.amount = orElse(e.amount(), amount);
            next.expectedCloseDate = orElse(e.expectedCloseDate(), expectedCloseDate);
            next.source = orElse(e.source(), source);
            next.relatedOpportunityIds = orElse(e.relatedOpportunityIds(), relatedOpportunityIds);
        } else if (event instanceof ForecastUpdated e) {
            next.forecastProbability = orElse(e.probability(), forecastProbability);
            next.forecastCategory = orElse(e.forecastCategory(), forecastCategory);
        } else if (event instanceof ContactLogged e) {
            next.contactIds = plus(contactIds, e.contactId());
            next.lastContactAt =
                    lastContactAt == null || e.occurredAt().isAfter(lastContactAt) ? e.occurredAt() : lastContactAt;
        } else if (event instanceof FollowUpScheduled e) {
            next.tasks = plus(
                    tasks,
                    new FollowUpTask(
                            e.taskId(), e.assigneeId(), e.dueAt(), e.type(), e.description(), false, null, null));
        } else if (event instanceof FollowUpCompleted e) {
            next.tasks = tasks.stream()
                    .map(t -> t.taskId().equals(e.taskId()) ? t.completedAt(e.occurredAt(), e.outcome()) : t)
                    .toList();
        } else if (event instanceof StageChanged e) {
            next.stage = e.toStage();
            next.stageOrder = e.toOrder();
            next.highestStageOrder = Math.max(highestStageOrder, e.toOrder());
        } else if (event instanceof OwnerAssigned e) {
            next.ownerId = e.ownerId();
            if (e.movedTaskIds() != null && !e.movedTaskIds().isEmpty()) {
                next.tasks = tasks.stream()
                        .map(task -> e.movedTaskIds().contains(task.taskId()) ? task.assignedTo(e.ownerId()) : task)
                        .toList();
            }
        } else if (event instanceof TeamMemberAdded e) {
            next.team = plus(
                    team.stream()
                            .filter(m -> !m.memberId().equals(e.memberId()))
                            .toList(),
                    new TeamMember(e.memberId(), e.role()));
        } else if (event instanceof TeamMemberRemoved e) {
            next.team = team.stream()
                    .filter(m -> !m.memberId().equals(e.memberId()))
                    .toList();
        } else if (event instanceof DocumentLinked e) {
            next.documentIds = plus(documentIds, e.documentId());
        } else if (event instanceof OpportunityLost e) {
            next.status = OpportunityStatus.LOST;
            next.lostAtStage = e.stage();
            next.lostReason = e.reason();
            next.closedAt = e.occurredAt();
        } else if (event instanceof OpportunityReopened e) {
            next.status = OpportunityStatus.OPEN;
            next.stage = e.stage();
            next.stageOrder = e.stageOrder();
            next.highestStageOrder = Math.max(highestStageOrder, e.stageOrder());
            next.lostAtStage = null;
            next.lostReason = null;
            next.closedAt = null;
        } else if (event instanceof OpportunityConverted e) {
            next.status = OpportunityStatus.WON;
            next.dealId = e.dealId();
            next.closedAt = e.occurredAt();
        } else {
            throw new IllegalStateException("no fold for " + event.getClass().getName());
        }
        return next.build();
    }

    /** True while the opportunity is neither won nor lost. */
    public boolean open() {
        return status == OpportunityStatus.OPEN;
    }

    public Optional<FollowUpTask> task(TaskId taskId) {
        return tasks.stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }

    public boolean hasTeamMember(UserId memberId) {
        return team.stream().anyMatch(m -> m.memberId().equals(memberId));
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    private static <T> List<T> plus(List<T> list, T element) {
        List<T> longer = new ArrayList<>(list);
        longer.add(element);
        return longer;
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** A mutable copy, so each branch of {@link #apply} names only what it changes. */
    private static final class Builder {
        private OpportunityId opportunityId;
        private String title;
        private String description;
        private CustomerId customerId;
        private String source;
        private Money amount;
        private LocalDate expectedCloseDate;
        private UserId ownerId;
        private PipelineId pipeline;
        private StageCode stage;
        private int stageOrder;
        private int highestStageOrder;
        private OpportunityStatus status;
        private StageCode lostAtStage;
        private String lostReason;
        private DealId dealId;
        private List<OpportunityId> relatedOpportunityIds;
        private List<TeamMember> team;
        private List<ContactId> contactIds;
        private List<FollowUpTask> tasks;
        private List<DocumentId> documentIds;
        private Instant createdAt;
        private Instant lastContactAt;
        private Instant closedAt;
        private Instant lastOccurredAt;
        private Integer forecastProbability;
        private ForecastCategory forecastCategory;

        private Builder(OpportunityState s) {
            opportunityId = s.opportunityId;
            title = s.title;
            description = s.description;
            customerId = s.customerId;
            source = s.source;
            amount = s.amount;
            expectedCloseDate = s.expectedCloseDate;
            ownerId = s.ownerId;
            pipeline = s.pipeline;
            stage = s.stage;
            stageOrder = s.stageOrder;
            highestStageOrder = s.highestStageOrder;
            status = s.status;
            lostAtStage = s.lostAtStage;
            lostReason = s.lostReason;
            dealId = s.dealId;
            relatedOpportunityIds = s.relatedOpportunityIds;
            team = s.team;
            contactIds = s.contactIds;
            tasks = s.tasks;
            documentIds = s.documentIds;
            createdAt = s.createdAt;
            lastContactAt = s.lastContactAt;
            closedAt = s.closedAt;
            lastOccurredAt = s.lastOccurredAt;
            forecastProbability = s.forecastProbability;
            forecastCategory = s.forecastCategory;
        }

        private OpportunityState build() {
            return new OpportunityState(
                    opportunityId,
                    title,
                    description,
                    customerId,
                    source,
                    amount,
                    expectedCloseDate,
                    ownerId,
                    pipeline,
                    stage,
                    stageOrder,
                    highestStageOrder,
                    status,
                    lostAtStage,
                    lostReason,
                    dealId,
                    relatedOpportunityIds,
                    team,
                    contactIds,
                    tasks,
                    documentIds,
                    createdAt,
                    lastContactAt,
                    closedAt,
                    lastOccurredAt,
                    forecastProbability,
                    forecastCategory);
        }
    }
}
