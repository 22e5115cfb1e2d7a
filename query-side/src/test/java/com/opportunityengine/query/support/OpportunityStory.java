package com.opportunityengine.query.support;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.DocumentLinked;
import com.opportunityengine.events.opportunity.FollowUpCompleted;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.opportunity.TeamMemberRemoved;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;

/**
 * Writes the history of one opportunity in the default pipeline, event by event, numbering the
 * events as the log would (0, 1, 2, ...). Each method returns the event it appended.
 */
public final class OpportunityStory {

    public final OpportunityId id;
    public final CustomerId customerId;
    private final List<Sequenced> events = new ArrayList<>();
    private int stageOrder = 1;

    private OpportunityStory(OpportunityId id, CustomerId customerId) {
        this.id = id;
        this.customerId = customerId;
    }

    public static OpportunityStory anOpportunity() {
        return new OpportunityStory(OpportunityId.random(), CustomerId.random());
    }

    public static OpportunityStory anOpportunityOf(CustomerId customerId) {
        return new OpportunityStory(OpportunityId.random(), customerId);
    }

    public static Instant at(String instant) {
        return Instant.parse(instant);
    }

    public List<Sequenced> events() {
        return List.copyOf(events);
    }

    public Sequenced last() {
        return events.get(events.size() - 1);
    }

    public OpportunityCreated created(String title, String amount, String owner, Instant at) {
        return add(new OpportunityCreated(id, title, "about " + title, customerId, "web", Money.of(amount, "CNY"),
                LocalDate.parse("2026-12-31"), UserId.of(owner), PipelineId.DEFAULT, stage(1), 1, List.of(), at));
    }

    public OpportunityDetailsUpdated detailsChanged(String title, String amount, Instant at) {
        return add(new OpportunityDetailsUpdated(id, title, null, amount == null ? null : Money.of(amount, "CNY"),
                null, null, null, at));
    }

    public ContactLogged contact(ContactChannel channel, ContactDirection direction, Instant at) {
        return add(new ContactLogged(id, new ContactId(UUID.randomUUID()), channel, direction, "talked",
                List.of("li.wei"), null, at));
    }

    public FollowUpScheduled task(TaskId taskId, String assignee, Instant due, Instant at) {
        return add(new FollowUpScheduled(id, taskId, UserId.of(assignee), due, TaskType.CALL, "call back", at));
    }

    public FollowUpCompleted completed(TaskId taskId, Instant at) {
        return add(new FollowUpCompleted(id, taskId, "done", at));
    }

    public StageChanged movedTo(int order, String reason, Instant at) {
        StageDirection direction = order > stageOrder ? StageDirection.FORWARD : StageDirection.BACKWARD;
        StageChanged event = new StageChanged(id, PipelineId.DEFAULT, stage(stageOrder), stageOrder, stage(order), order,
                direction, reason, at);
        stageOrder = order;
        return add(event);
    }

    public OwnerAssigned ownerChanged(String from, String to, Instant at) {
        return add(new OwnerAssigned(id, UserId.of(from), UserId.of(to), "rebalancing", at));
    }

    public TeamMemberAdded joined(String member, String role, Instant at) {
        return add(new TeamMemberAdded(id, UserId.of(member), role, at));
    }

    public TeamMemberRemoved left(String member, Instant at) {
        return add(new TeamMemberRemoved(id, UserId.of(member), at));
    }

    public DocumentLinked document(String name, Instant at) {
        return add(new DocumentLinked(id, new DocumentId(UUID.randomUUID()), name, "https://docs/" + name, null, at));
    }

    public OpportunityLost lost(String reason, Instant at) {
        return add(new OpportunityLost(id, reason, "rival", stage(stageOrder), stageOrder, at));
    }

    public OpportunityReopened reopened(int order, Instant at) {
        stageOrder = order;
        return add(new OpportunityReopened(id, "came back", stage(order), order, at));
    }

    public OpportunityConverted converted(DealId dealId, Instant at) {
        return add(new OpportunityConverted(id, dealId, Money.of("90000", "CNY"), LocalDate.parse("2026-12-31"),
                stage(stageOrder), stageOrder, List.of(), List.of(), at));
    }

    private static StageCode stage(int order) {
        return Pipeline.DEFAULT.stageAt(order).code();
    }

    private <E extends OpportunityEvent> E add(E event) {
        events.add(new Sequenced(event, events.size()));
        return event;
    }
}
