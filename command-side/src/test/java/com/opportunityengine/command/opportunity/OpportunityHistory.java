package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.TestTime.NOW;

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
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.events.opportunity.TeamMemberAdded;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the past of an opportunity in domain words:
 * {@code anOpenOpportunity().inStage("negotiation").withContact(c).lost()}. Events happen an
 * hour apart, starting ten days before {@code TestTime.NOW}.
 */
final class OpportunityHistory {

    static final UserId OWNER = UserId.of("li.wei");
    static final CustomerId CUSTOMER = CustomerId.of("00000000-0000-0000-0000-0000000000c1");
    static final Money AMOUNT = Money.of("125000.00", "CNY");
    static final LocalDate CLOSE_DATE = LocalDate.parse("2026-06-30");

    final OpportunityId id = OpportunityId.of("00000000-0000-0000-0000-000000000001");
    private final List<OpportunityEvent> events = new ArrayList<>();
    private final Pipeline pipeline = Pipeline.DEFAULT;
    private OpportunityState state = OpportunityState.initial();
    private Instant clock = NOW.minus(Duration.ofDays(10));

    private OpportunityHistory() {}

    static OpportunityHistory anOpenOpportunity() {
        OpportunityHistory history = new OpportunityHistory();
        history.add(new OpportunityCreated(
                history.id,
                "ERP rollout",
                "Phase one",
                CUSTOMER,
                "referral",
                AMOUNT,
                CLOSE_DATE,
                OWNER,
                PipelineId.DEFAULT,
                StageCode.of("initial-contact"),
                1,
                List.of(),
                history.tick()));
        return history;
    }

    OpportunityHistory inStage(String code) {
        StageCode to = StageCode.of(code);
        int toOrder = pipeline.order(to);
        StageDirection direction = toOrder > state.stageOrder() ? StageDirection.FORWARD : StageDirection.BACKWARD;
        return add(new StageChanged(
                id,
                PipelineId.DEFAULT,
                state.stage(),
                state.stageOrder(),
                to,
                toOrder,
                direction,
                direction == StageDirection.BACKWARD ? "re-qualified" : null,
                tick()));
    }

    OpportunityHistory withContact(ContactId contactId) {
        return add(new ContactLogged(
                id,
                contactId,
                ContactChannel.CALL,
                ContactDirection.OUTBOUND,
                "intro call",
                List.of("Zhang San"),
                "interested",
                tick()));
    }

    OpportunityHistory withTask(TaskId taskId) {
        return add(new FollowUpScheduled(
                id, taskId, OWNER, NOW.plus(Duration.ofDays(3)), TaskType.CALL, "call back", tick()));
    }

    OpportunityHistory withCompletedTask(TaskId taskId) {
        withTask(taskId);
        return add(new FollowUpCompleted(id, taskId, "done", tick()));
    }

    OpportunityHistory withTeamMember(UserId memberId) {
        return add(new TeamMemberAdded(id, memberId, "presales", tick()));
    }

    OpportunityHistory withDocument(DocumentId documentId) {
        return add(new DocumentLinked(id, documentId, "Quote", "https://docs.example/q1", "application/pdf", tick()));
    }

    OpportunityHistory withForecast(Integer probability, ForecastCategory category) {
        return add(new ForecastUpdated(id, probability, category, tick()));
    }

    OpportunityHistory lost() {
        return add(new OpportunityLost(id, "price", "Acme", state.stage(), state.stageOrder(), tick()));
    }

    OpportunityHistory converted() {
        return add(new OpportunityConverted(
                id,
                DealId.random(),
                AMOUNT,
                CLOSE_DATE,
                state.stage(),
                state.stageOrder(),
                state.contactIds(),
                state.documentIds(),
                tick()));
    }

    List<OpportunityEvent> events() {
        return List.copyOf(events);
    }

    /** The version the opportunity has after this history: the sequence number of its last event. */
    long version() {
        return events.size() - 1;
    }

    /** The business time of the last event. */
    Instant lastOccurredAt() {
        return state.lastOccurredAt();
    }

    OpportunityState state() {
        return state;
    }

    private Instant tick() {
        clock = clock.plus(Duration.ofHours(1));
        return clock;
    }

    private OpportunityHistory add(OpportunityEvent event) {
        events.add(event);
        state = state.apply(event);
        return this;
    }
}
