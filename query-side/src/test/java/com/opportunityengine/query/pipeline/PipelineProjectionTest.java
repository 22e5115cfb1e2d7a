package com.opportunityengine.query.pipeline;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineProjectionTest {

    private final PipelineTotalsStore store = new InMemoryPipelineTotalsStore();
    private final PipelineProjection projection = new PipelineProjection(store);

    private void feed(PipelineProjection target, OpportunityHistory... histories) {
        for (OpportunityHistory h : histories) {
            List<OpportunityEvent> events = h.events();
            for (int i = 0; i < events.size(); i++) {
                target.on(events.get(i), i);
            }
        }
    }

    private PipelineView view(PipelineTotalsStore from, String owner) {
        List<String> stages =
                Pipeline.DEFAULT.stages().stream().map(s -> s.code().value()).toList();
        return PipelineReport.of(
                Pipeline.DEFAULT, from.totals("default", stages), owner, new StageDefaultProbability());
    }

    private OpportunityHistory[] mixedHistories() {
        return new OpportunityHistory[] {
            anOpportunity(1).ownedBy("alice").worth("1000.00", "CNY").created(at("2026-01-01T00:00:00Z")),
            anOpportunity(2).ownedBy("alice").worth("500.50", "USD").created(at("2026-01-01T00:00:00Z")),
            anOpportunity(3)
                    .ownedBy("bob")
                    .worth("2000.00", "CNY")
                    .created(at("2026-01-01T00:00:00Z"))
                    .movedTo(3, at("2026-01-02T00:00:00Z")),
            anOpportunity(4)
                    .ownedBy("bob")
                    .worth("3000.00", "CNY")
                    .created(at("2026-01-01T00:00:00Z"))
                    .movedTo(4, at("2026-01-02T00:00:00Z"))
                    .movedTo(3, at("2026-01-03T00:00:00Z")),
            anOpportunity(5)
                    .ownedBy("alice")
                    .worth("9999.00", "CNY")
                    .created(at("2026-01-01T00:00:00Z"))
                    .lost(at("2026-01-02T00:00:00Z")),
            anOpportunity(6)
                    .ownedBy("alice")
                    .worth("7777.00", "CNY")
                    .created(at("2026-01-01T00:00:00Z"))
                    .won(at("2026-01-02T00:00:00Z")),
            anOpportunity(7)
                    .ownedBy("alice")
                    .worth("100.00", "CNY")
                    .created(at("2026-01-01T00:00:00Z"))
                    .lost(at("2026-01-02T00:00:00Z"))
                    .reopened(2, at("2026-01-03T00:00:00Z"))
                    .revalued("150.00", "EUR", at("2026-01-04T00:00:00Z"))
                    .reassignedTo("bob", at("2026-01-05T00:00:00Z")),
        };
    }

    @Test
    void openStagesCountAndSumPerCurrencyWeightedByTheStageProbability() {
        feed(projection, mixedHistories());

        PipelineView all = view(store, null);
        PipelineStageView initial = all.stages().get(0);
        assertThat(initial.stage()).isEqualTo("initial-contact");
        assertThat(initial.count()).isEqualTo(2);
        assertThat(initial.amounts()).containsExactly(Money.of("1000.00", "CNY"), Money.of("500.50", "USD"));
        assertThat(initial.weighted()).containsExactly(Money.of("100.00", "CNY"), Money.of("50.05", "USD"));
        PipelineStageView needs = all.stages().get(1);
        assertThat(needs.count()).isEqualTo(1);
        assertThat(needs.amounts()).containsExactly(Money.of("150.00", "EUR"));
        assertThat(needs.weighted()).containsExactly(Money.of("37.50", "EUR"));
        PipelineStageView solution = all.stages().get(2);
        assertThat(solution.count()).isEqualTo(2);
        assertThat(solution.amounts()).containsExactly(Money.of("5000.00", "CNY"));
        assertThat(solution.weighted()).containsExactly(Money.of("2500.00", "CNY"));
        assertThat(solution.probability()).isEqualTo(0.5);
        assertThat(all.stages().get(3).count()).isZero();
        assertThat(all.stages().get(3).amounts()).isEmpty();
        assertThat(all.count()).isEqualTo(5);
        assertThat(all.amounts())
                .containsExactly(Money.of("6000.00", "CNY"), Money.of("150.00", "EUR"), Money.of("500.50", "USD"));
        assertThat(all.weighted())
                .containsExactly(Money.of("2600.00", "CNY"), Money.of("37.50", "EUR"), Money.of("50.05", "USD"));
    }

    @Test
    void oneOwnersPipelineFollowsOwnerChanges() {
        feed(projection, mixedHistories());

        PipelineView bob = view(store, "bob");
        assertThat(bob.count()).isEqualTo(3);
        assertThat(bob.stages().get(1).amounts()).containsExactly(Money.of("150.00", "EUR"));
        PipelineView alice = view(store, "alice");
        assertThat(alice.count()).isEqualTo(2);
        assertThat(alice.stages().get(1).count()).isZero();
        assertThat(view(store, "nobody").count()).isZero();
    }

    @Test
    void anEventDeliveredTwiceChangesNothing() {
        OpportunityHistory[] histories = mixedHistories();
        feed(projection, histories);
        feed(projection, histories);
        assertThat(view(store, null).count()).isEqualTo(5);
        assertThat(view(store, null).amounts()).contains(Money.of("6000.00", "CNY"));
    }

    @Test
    void ownersCountEveryOpenOpportunityAndKeepTheLastAssignment() {
        OpportunityHistory unpriced =
                anOpportunity(8).ownedBy("carol").unpriced().created(at("2026-01-06T00:00:00Z"));
        OpportunityHistory[] histories = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(mixedHistories()), java.util.stream.Stream.of(unpriced))
                .toArray(OpportunityHistory[]::new);
        feed(projection, histories);
        feed(projection, histories);

        java.util.Map<String, OwnerLoad> loads = store.owners(List.of("alice", "bob", "carol", "nobody"));
        // alice: 1 and 2 open; 5 lost, 6 won, 7 reopened then handed to bob
        assertThat(loads.get("alice").open()).isEqualTo(2);
        assertThat(loads.get("alice").lastAssignedAt()).isEqualTo(at("2026-01-01T00:00:00Z"));
        assertThat(loads.get("bob").open()).isEqualTo(3);
        assertThat(loads.get("bob").lastAssignedAt()).isEqualTo(at("2026-01-05T00:00:00Z"));
        // an opportunity without an amount is in no total but is still open work
        assertThat(loads.get("carol").open()).isEqualTo(1);
        assertThat(view(store, "carol").count()).isZero();
        assertThat(loads).doesNotContainKey("nobody");
    }

    @Test
    void theMongoStoreAnswersWhatTheInMemoryOneAnswers() {
        try (EmbeddedMongo mongo = new EmbeddedMongo()) {
            MongoPipelineTotalsStore mongoStore = new MongoPipelineTotalsStore(mongo.database("pipeline-test"));
            OpportunityHistory[] histories = mixedHistories();
            feed(new PipelineProjection(mongoStore), histories);
            feed(new PipelineProjection(mongoStore), histories);
            feed(projection, histories);
            assertThat(view(mongoStore, null)).isEqualTo(view(store, null));
            assertThat(view(mongoStore, "bob")).isEqualTo(view(store, "bob"));
            List<String> owners = List.of("alice", "bob");
            assertThat(mongoStore.owners(owners)).isEqualTo(store.owners(owners));
            assertThat(mongoStore.allTotals().get("default"))
                    .containsExactlyInAnyOrderElementsOf(store.allTotals().get("default"));
            mongoStore.clear();
            assertThat(view(mongoStore, null).count()).isZero();
            assertThat(mongoStore.owners(owners)).isEmpty();
        }
    }
}
