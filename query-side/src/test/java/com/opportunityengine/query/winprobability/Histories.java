package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-written histories on the default pipeline: {@code anOpportunity(day).createdAt(1).movedTo(3, day)...}. */
final class Histories {

    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final OpportunityId id = OpportunityId.random();
    private final List<OpportunityEvent> events = new ArrayList<>();
    private int stage;

    private Histories(int stage, int day) {
        this.stage = stage;
        events.add(new OpportunityCreated(id, "t", null, null, "website", Money.of("1000", "CNY"), null,
                UserId.of("rep"), PipelineId.DEFAULT, code(stage), stage, List.of(), day(day)));
    }

    static Histories createdAt(int stage, int day) {
        return new Histories(stage, day);
    }

    Histories movedTo(int to, int day) {
        events.add(new StageChanged(id, PipelineId.DEFAULT, code(stage), stage, code(to), to,
                to > stage ? StageDirection.FORWARD : StageDirection.BACKWARD, to > stage ? null : "back",
                day(day)));
        stage = to;
        return this;
    }

    Histories won(int day) {
        events.add(new OpportunityConverted(id, DealId.random(), null, null, code(stage), stage, List.of(), List.of(),
                day(day)));
        return this;
    }

    Histories lost(int day) {
        events.add(new OpportunityLost(id, "r", null, code(stage), stage, day(day)));
        return this;
    }

    Histories reopened(int day) {
        events.add(new OpportunityReopened(id, "again", code(stage), stage, day(day)));
        return this;
    }

    OpportunityId id() {
        return id;
    }

    List<OpportunityEvent> events() {
        return events;
    }

    static Instant day(int day) {
        return START.plusSeconds(day * 86_400L);
    }

    static StageCode code(int order) {
        return Pipeline.DEFAULT.stageAt(order).code();
    }

    /** Merges histories into one log sorted by business time. */
    @SafeVarargs
    static List<OpportunityEvent> log(List<OpportunityEvent>... histories) {
        List<OpportunityEvent> all = new ArrayList<>();
        for (List<OpportunityEvent> h : histories) {
            all.addAll(h);
        }
        all.sort(java.util.Comparator.comparing(OpportunityEvent::occurredAt));
        return all;
    }
}
