package com.opportunityengine.testing;

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
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.ForecastUpdated;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * The history of one opportunity in the default pipeline, told event by event as the command side would have
 * recorded it, numbered as the log numbers an aggregate's events (0, 1, 2, ...):
 * <pre>{@code
 * anOpportunity().ownedBy("li.wei").worth("125000.00", "CNY").created(at("2026-01-05T09:00:00Z"))
 *         .movedTo(3, at("2026-01-07T09:00:00Z"))
 *         .lost(at("2026-01-09T09:00:00Z"));
 * anOpportunity().inStage("negotiation").created(day(0));
 * }</pre>
 * What it is created with (owner, source, amount, stage, ...) is set before {@link #created}; every other step appends
 * one event and returns the history, {@link #last} the event it appended. Unless told otherwise an opportunity is owned
 * by {@code alice}, comes from the {@code web}, is worth 1,000.00 CNY, expected to close on 2026-06-30, belongs to a
 * customer of its own and starts in the first stage.
 */
public final class OpportunityHistory {

    /** Day 0 of {@link #day}. */
    public static final Instant DAY_ZERO = Instant.parse("2025-01-01T00:00:00Z");

    private final OpportunityId id;
    private final List<OpportunityEvent> events = new ArrayList<>();
    private CustomerId customerId;
    private String title;
    private String description;
    private String owner = "alice";
    private String source = "web";
    private Money amount = Money.of("1000.00", "CNY");
    private LocalDate closeDate = LocalDate.parse("2026-06-30");
    private int stageOrder = 1;

    private OpportunityHistory(OpportunityId id, CustomerId customerId) {
        this.id = id;
        this.customerId = customerId;
        this.title = "deal " + id;
    }

    /** An opportunity with ids of its own, not created yet. */
    public static OpportunityHistory anOpportunity() {
        return new OpportunityHistory(OpportunityId.random(), CustomerId.random());
    }

    /** Opportunity number {@code n}, whose id (and its customer's) is the same in every run: {@code 0...0<n>}. */
    public static OpportunityHistory anOpportunity(int n) {
        return new OpportunityHistory(new OpportunityId(new UUID(0, n)), new CustomerId(new UUID(1, n)));
    }

    /** An opportunity of the given customer. */
    public static OpportunityHistory anOpportunityOf(CustomerId customerId) {
        return new OpportunityHistory(OpportunityId.random(), customerId);
    }

    /** An instant, from ISO-8601 text. */
    public static Instant at(String instant) {
        return Instant.parse(instant);
    }

    /** The start of day {@code n} after {@link #DAY_ZERO}, for histories counted in days. */
    public static Instant day(int n) {
        return DAY_ZERO.plusSeconds(n * 86_400L);
    }

    /** The events of several histories as one log, in business-time order. */
    public static List<OpportunityEvent> inBusinessOrder(List<OpportunityHistory> histories) {
        List<OpportunityEvent> all = new ArrayList<>();
        histories.forEach(history -> all.addAll(history.events));
        all.sort(Comparator.comparing(OpportunityEvent::occurredAt));
        return all;
    }

    // ---- what it is created with

    /** Its title, and "about &lt;title&gt;" as its description. */
    public OpportunityHistory titled(String title) {
        this.title = title;
        this.description = "about " + title;
        return this;
    }

    public OpportunityHistory ownedBy(String owner) {
        this.owner = owner;
        return this;
    }

    public OpportunityHistory from(String source) {
        this.source = source;
        return this;
    }

    /** Created without an amount. */
    public OpportunityHistory unpriced() {
        this.amount = null;
        return this;
    }

    public OpportunityHistory worth(String value, String currency) {
        this.amount = Money.of(value, currency);
        return this;
    }

    /** The expected close date ({@code yyyy-mm-dd}), or none when null. */
    public OpportunityHistory expectedToCloseOn(String date) {
        this.closeDate = date == null ? null : LocalDate.parse(date);
        return this;
    }

    /** The stage it is created in, by its order in the default pipeline. */
    public OpportunityHistory inStage(int order) {
        this.stageOrder = order;
        return this;
    }

    /** The stage it is created in, by its code in the default pipeline ({@code "negotiation"}). */
    public OpportunityHistory inStage(String code) {
        int order = Pipeline.DEFAULT.order(StageCode.of(code));
        if (order == 0) {
            throw new IllegalArgumentException("no stage " + code + " in the default pipeline");
        }
        return inStage(order);
    }

    // ---- what happens to it

    public OpportunityHistory created(Instant at) {
        return add(new OpportunityCreated(
                id,
                title,
                description,
                customerId,
                source,
                amount,
                closeDate,
                UserId.of(owner),
                PipelineId.DEFAULT,
                code(stageOrder),
                stageOrder,
                List.of(),
                at));
    }

    /** Moved to a stage; a move back gives "customer went quiet" as its reason. */
    public OpportunityHistory movedTo(int order, Instant at) {
        return movedTo(order, order < stageOrder ? "customer went quiet" : null, at);
    }

    public OpportunityHistory movedTo(int order, String reason, Instant at) {
        StageDirection direction = order > stageOrder ? StageDirection.FORWARD : StageDirection.BACKWARD;
        StageChanged event = new StageChanged(
                id, PipelineId.DEFAULT, code(stageOrder), stageOrder, code(order), order, direction, reason, at);
        stageOrder = order;
        return add(event);
    }

    /** Lost at its current stage, on price, to no competitor named. */
    public OpportunityHistory lost(Instant at) {
        return lost("price", null, at);
    }

    public OpportunityHistory lost(String reason, String competitor, Instant at) {
        return add(new OpportunityLost(id, reason, competitor, code(stageOrder), stageOrder, at));
    }

    /** Reopened at the stage it was lost at. */
    public OpportunityHistory reopened(Instant at) {
        return reopened(stageOrder, at);
    }

    public OpportunityHistory reopened(int order, Instant at) {
        stageOrder = order;
        return add(new OpportunityReopened(id, "came back", code(order), order, at));
    }

    /** Won: converted to a deal whose id is the opportunity's, for its amount and close date. */
    public OpportunityHistory won(Instant at) {
        return convertedTo(new DealId(id.value()), at);
    }

    public OpportunityHistory convertedTo(DealId dealId, Instant at) {
        return add(new OpportunityConverted(
                id, dealId, amount, closeDate, code(stageOrder), stageOrder, List.of(), List.of(), at));
    }

    public OpportunityHistory reassignedTo(String newOwner, Instant at) {
        OwnerAssigned event = new OwnerAssigned(id, UserId.of(owner), UserId.of(newOwner), null, at);
        owner = newOwner;
        return add(event);
    }

    /** Its expected close date moved ({@code yyyy-mm-dd}), nothing else changed. */
    public OpportunityHistory closeDateMovedTo(String date, Instant at) {
        closeDate = LocalDate.parse(date);
        return add(new OpportunityDetailsUpdated(id, null, null, null, closeDate, null, null, at));
    }

    /** Its amount changed, nothing else. */
    public OpportunityHistory revalued(String value, String currency, Instant at) {
        amount = Money.of(value, currency);
        return add(new OpportunityDetailsUpdated(id, null, null, amount, null, null, null, at));
    }

    /** A person set its forecast: a whole percent and/or a category (a null one unchanged). */
    public OpportunityHistory forecast(Integer probability, ForecastCategory category, Instant at) {
        return add(new ForecastUpdated(id, probability, category, at));
    }

    /** Retitled and, unless the amount is null, revalued (in CNY), in one change of its details. */
    public OpportunityHistory detailsChanged(String title, String amount, Instant at) {
        Money value = amount == null ? null : Money.of(amount, "CNY");
        if (value != null) {
            this.amount = value;
        }
        return add(new OpportunityDetailsUpdated(id, title, null, value, null, null, null, at));
    }

    public OpportunityHistory contacted(ContactChannel channel, ContactDirection direction, Instant at) {
        return add(new ContactLogged(
                id, new ContactId(UUID.randomUUID()), channel, direction, "talked", List.of("li.wei"), null, at));
    }

    /** A call back scheduled for {@code assignee}, due at {@code due}. */
    public OpportunityHistory followUpScheduled(TaskId taskId, String assignee, Instant due, Instant at) {
        return add(new FollowUpScheduled(id, taskId, UserId.of(assignee), due, TaskType.CALL, "call back", at));
    }

    public OpportunityHistory followUpCompleted(TaskId taskId, Instant at) {
        return add(new FollowUpCompleted(id, taskId, "done", at));
    }

    public OpportunityHistory joinedBy(String member, String role, Instant at) {
        return add(new TeamMemberAdded(id, UserId.of(member), role, at));
    }

    public OpportunityHistory leftBy(String member, Instant at) {
        return add(new TeamMemberRemoved(id, UserId.of(member), at));
    }

    public OpportunityHistory documentLinked(String name, Instant at) {
        return add(new DocumentLinked(id, new DocumentId(UUID.randomUUID()), name, "https://docs/" + name, null, at));
    }

    // ---- reading it

    public OpportunityId id() {
        return id;
    }

    public CustomerId customerId() {
        return customerId;
    }

    public List<OpportunityEvent> events() {
        return List.copyOf(events);
    }

    /** The events with their sequence numbers, as the log delivers them. */
    public List<Sequenced> sequenced() {
        List<Sequenced> sequenced = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            sequenced.add(new Sequenced(events.get(i), i));
        }
        return sequenced;
    }

    /** The event the last step appended. */
    public OpportunityEvent last() {
        return events.get(events.size() - 1);
    }

    /** The event the last step appended, with its sequence number. */
    public Sequenced lastSequenced() {
        return new Sequenced(last(), events.size() - 1);
    }

    /** The event the last step appended, as what it is. */
    public <E extends OpportunityEvent> E last(Class<E> type) {
        return type.cast(last());
    }

    private OpportunityHistory add(OpportunityEvent event) {
        events.add(event);
        return this;
    }

    private static StageCode code(int order) {
        return Pipeline.DEFAULT.stageAt(order).code();
    }
}
