package com.opportunityengine.query.funnel;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.deal.DealId;
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
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds one opportunity's events in the default pipeline: {@code anOpportunity(1).createdAt(...).advanceTo(3, ...)}. */
public final class OpportunityHistory {

    private final OpportunityId id;
    private final List<OpportunityEvent> events = new ArrayList<>();
    private String owner = "alice";
    private String source = "web";
    private Money amount = Money.of("1000.00", "CNY");
    private int order;
    private LocalDate closeDate = LocalDate.parse("2026-06-30");

    private OpportunityHistory(OpportunityId id) {
        this.id = id;
    }

    public static OpportunityHistory anOpportunity(int n) {
        return new OpportunityHistory(new OpportunityId(new UUID(0, n)));
    }

    public OpportunityHistory ownedBy(String owner) {
        this.owner = owner;
        return this;
    }

    public OpportunityHistory from(String source) {
        this.source = source;
        return this;
    }

    public OpportunityHistory worth(String value, String currency) {
        this.amount = Money.of(value, currency);
        return this;
    }

    public OpportunityHistory createdAt(String at) {
        return createdAt(1, at);
    }

    public OpportunityHistory createdAt(int stageOrder, String at) {
        order = stageOrder;
        events.add(new OpportunityCreated(id, "deal " + id, null, null, source, amount, closeDate,
                UserId.of(owner), PipelineId.DEFAULT, code(stageOrder), stageOrder, List.of(), Instant.parse(at)));
        return this;
    }

    public OpportunityHistory advanceTo(int to, String at) {
        StageDirection direction = to > order ? StageDirection.FORWARD : StageDirection.BACKWARD;
        events.add(new StageChanged(id, PipelineId.DEFAULT, code(order), order, code(to), to, direction,
                direction == StageDirection.BACKWARD ? "customer went quiet" : null, Instant.parse(at)));
        order = to;
        return this;
    }

    public OpportunityHistory lose(String at) {
        events.add(new OpportunityLost(id, "price", null, code(order), order, Instant.parse(at)));
        return this;
    }

    public OpportunityHistory reopen(int stageOrder, String at) {
        order = stageOrder;
        events.add(new OpportunityReopened(id, "came back", code(stageOrder), stageOrder, Instant.parse(at)));
        return this;
    }

    public OpportunityHistory win(String at) {
        events.add(new OpportunityConverted(id, new DealId(id.value()), amount, closeDate, code(order), order,
                List.of(), List.of(), Instant.parse(at)));
        return this;
    }

    public OpportunityHistory assignTo(String newOwner, String at) {
        events.add(new OwnerAssigned(id, UserId.of(owner), UserId.of(newOwner), null, Instant.parse(at)));
        owner = newOwner;
        return this;
    }

    public OpportunityHistory expectCloseOn(String date, String at) {
        closeDate = LocalDate.parse(date);
        events.add(new OpportunityDetailsUpdated(id, null, null, null, closeDate, null, null, Instant.parse(at)));
        return this;
    }

    public OpportunityHistory changeAmount(String value, String currency, String at) {
        amount = Money.of(value, currency);
        events.add(new OpportunityDetailsUpdated(id, null, null, amount, null, null, null, Instant.parse(at)));
        return this;
    }

    public OpportunityId id() {
        return id;
    }

    public List<OpportunityEvent> events() {
        return List.copyOf(events);
    }

    private static StageCode code(int order) {
        return Pipeline.DEFAULT.stageAt(order).code();
    }
}
