package com.opportunityengine.query.opportunity;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import org.junit.jupiter.api.Test;

class OpportunityViewStateTest {

    private static OpportunityViewState fold(OpportunityHistory story) {
        OpportunityViewState view = new OpportunityViewState();
        for (Sequenced s : story.sequenced()) {
            view.apply(s.event(), s.sequence());
        }
        return view;
    }

    @Test
    void aNewOpportunityIsOpenAtItsFirstStage() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP rollout").worth("125000.00", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.opportunityId).isEqualTo(story.id().toString());
        assertThat(view.customerId).isEqualTo(story.customerId().toString());
        assertThat(view.status).isEqualTo(OpportunityStatus.OPEN);
        assertThat(view.stage).isEqualTo("initial-contact");
        assertThat(view.amount.value()).isEqualByComparingTo("125000.00");
        assertThat(view.createdAt).isEqualTo(at("2026-01-05T09:00:00Z"));
        assertThat(view.version).isZero();
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.followUpScheduled(TaskId.random(), "li.wei", at("2026-01-08T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        OpportunityViewState view = fold(story);
        Sequenced task = story.lastSequenced();

        boolean applied = view.apply(task.event(), task.sequence());
        Sequenced creation = story.sequenced().get(0);
        boolean reapplied = view.apply(creation.event(), creation.sequence());

        assertThat(applied).isFalse();
        assertThat(reapplied).isFalse();
        assertThat(view.openTasks).hasSize(1);
        assertThat(view.version).isEqualTo(1);
        assertThat(OpportunityViewStore.toDocument(view)).isEqualTo(OpportunityViewStore.toDocument(fold(story)));
    }

    @Test
    void carriesTheForecastAPersonLastSetAndKeepsItThroughTheStore() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        assertThat(fold(story).forecastProbability).isNull();
        story.forecast(60, ForecastCategory.BEST_CASE, at("2026-01-06T09:00:00Z"));
        story.forecast(null, ForecastCategory.COMMIT, at("2026-01-07T09:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.forecastProbability).isEqualTo(60);
        assertThat(view.forecastCategory).isEqualTo(ForecastCategory.COMMIT);
        OpportunityViewState stored = OpportunityViewStore.fromDocument(OpportunityViewStore.toDocument(view));
        assertThat(stored.forecastProbability).isEqualTo(60);
        assertThat(stored.forecastCategory).isEqualTo(ForecastCategory.COMMIT);
    }

    @Test
    void followsStageMovesForwardAndBack() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.movedTo(3, null, at("2026-01-06T09:00:00Z"));
        story.movedTo(2, "budget freeze", at("2026-01-07T09:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.stage).isEqualTo("needs-confirmed");
        assertThat(view.stageOrder).isEqualTo(2);
        assertThat(view.version).isEqualTo(2);
    }

    @Test
    void countsOpenAndOverdueTasksAgainstTheGivenTime() {
        OpportunityHistory story = anOpportunity();
        TaskId early = TaskId.random();
        TaskId late = TaskId.random();
        TaskId done = TaskId.random();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.followUpScheduled(early, "li.wei", at("2026-01-10T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        story.followUpScheduled(late, "li.wei", at("2026-02-10T09:00:00Z"), at("2026-01-05T10:01:00Z"));
        story.followUpScheduled(done, "li.wei", at("2026-01-06T09:00:00Z"), at("2026-01-05T10:02:00Z"));
        story.followUpCompleted(done, at("2026-01-06T08:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.openTasks).containsOnlyKeys(early.toString(), late.toString());
        assertThat(view.overdueTasks(at("2026-01-09T00:00:00Z"))).isZero();
        assertThat(view.overdueTasks(at("2026-01-10T09:00:01Z"))).isEqualTo(1);
        assertThat(view.overdueTasks(at("2026-03-01T00:00:00Z"))).isEqualTo(2);
    }

    @Test
    void aLostOpportunityHasNoOverdueTasksUntilReopened() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.movedTo(3, null, at("2026-01-06T09:00:00Z"));
        story.followUpScheduled(TaskId.random(), "li.wei", at("2026-01-10T09:00:00Z"), at("2026-01-06T10:00:00Z"));
        story.lost("price", "rival", at("2026-01-08T09:00:00Z"));

        OpportunityViewState lost = fold(story);
        assertThat(lost.status).isEqualTo(OpportunityStatus.LOST);
        assertThat(lost.lostReason).isEqualTo("price");
        assertThat(lost.closedAt).isEqualTo(at("2026-01-08T09:00:00Z"));
        assertThat(lost.overdueTasks(at("2026-02-01T00:00:00Z"))).isZero();

        story.reopened(2, at("2026-01-20T09:00:00Z"));
        OpportunityViewState reopened = fold(story);
        assertThat(reopened.status).isEqualTo(OpportunityStatus.OPEN);
        assertThat(reopened.stage).isEqualTo("needs-confirmed");
        assertThat(reopened.lostReason).isNull();
        assertThat(reopened.closedAt).isNull();
        assertThat(reopened.overdueTasks(at("2026-02-01T00:00:00Z"))).isEqualTo(1);
    }

    @Test
    void conversionWinsTheOpportunityAndLinksTheDeal() {
        OpportunityHistory story = anOpportunity();
        DealId deal = DealId.random();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.movedTo(4, null, at("2026-01-06T09:00:00Z"));
        story.convertedTo(deal, at("2026-01-09T09:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.status).isEqualTo(OpportunityStatus.WON);
        assertThat(view.dealId).isEqualTo(deal.toString());
        assertThat(view.closedAt).isEqualTo(at("2026-01-09T09:00:00Z"));
    }

    @Test
    void keepsOwnerTeamDetailsAndTheLatestContactInBusinessTime() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.reassignedTo("wang.fang", at("2026-01-05T10:00:00Z"));
        story.joinedBy("zhao.lei", "pre-sales", at("2026-01-05T11:00:00Z"));
        story.joinedBy("sun.li", "legal", at("2026-01-05T11:30:00Z"));
        story.leftBy("zhao.lei", at("2026-01-05T12:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-07T09:00:00Z"));
        story.contacted(ContactChannel.EMAIL, ContactDirection.INBOUND, at("2026-01-06T09:00:00Z"));
        story.detailsChanged("ERP phase 1", "80000", at("2026-01-08T09:00:00Z"));
        story.documentLinked("proposal.pdf", at("2026-01-08T10:00:00Z"));

        OpportunityViewState view = fold(story);

        assertThat(view.ownerId).isEqualTo("wang.fang");
        assertThat(view.team).containsExactly(java.util.Map.entry("sun.li", "legal"));
        assertThat(view.lastContactAt).isEqualTo(at("2026-01-07T09:00:00Z"));
        assertThat(view.title).isEqualTo("ERP phase 1");
        assertThat(view.description).isEqualTo("about ERP");
        assertThat(view.amount.value()).isEqualByComparingTo("80000");
        assertThat(view.documents).isEqualTo(1);
        assertThat(OpportunityViewStore.fromDocument(OpportunityViewStore.toDocument(view)))
                .usingRecursiveComparison()
                .isEqualTo(view);
    }

    @Test
    void anEmailEventMovesOnlyTheVersionOnAndOnlyOnce() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        OpportunityViewState view = fold(story);
        String title = view.title;

        assertThat(view.passed(1)).isTrue();
        assertThat(view.version).isEqualTo(1);
        assertThat(view.passed(1)).isFalse();
        assertThat(view.title).isEqualTo(title);
    }
}
