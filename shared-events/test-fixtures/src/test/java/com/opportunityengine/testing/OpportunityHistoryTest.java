package com.opportunityengine.testing;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static com.opportunityengine.testing.OpportunityHistory.day;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.opportunity.StageDirection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpportunityHistoryTest {

    @Test
    void anOpportunityIsCreatedWithWhatItWasToldAndNumberedAsTheLogNumbersIt() {
        OpportunityHistory history = anOpportunity()
                .ownedBy("li.wei")
                .worth("125000.00", "CNY")
                .inStage("negotiation")
                .created(at("2026-01-05T09:00:00Z"));
        OpportunityCreated created = history.last(OpportunityCreated.class);
        assertThat(created.ownerId().value()).isEqualTo("li.wei");
        assertThat(created.stageOrder()).isEqualTo(4);
        assertThat(created.stage().value()).isEqualTo("negotiation");
        assertThat(created.customerId()).isEqualTo(history.customerId());

        history.movedTo(2, day(3)).lost(day(4));
        assertThat(history.sequenced()).extracting(Sequenced::sequence).containsExactly(0L, 1L, 2L);
        StageChanged moved = (StageChanged) history.events().get(1);
        assertThat(moved.direction()).isEqualTo(StageDirection.BACKWARD);
        assertThat(moved.reason()).isEqualTo("customer went quiet");
        assertThat(history.last(OpportunityLost.class).stageOrder()).isEqualTo(2);
    }

    @Test
    void aNumberedOpportunityHasTheSameIdsInEveryRun() {
        assertThat(anOpportunity(7).id()).isEqualTo(anOpportunity(7).id());
        assertThat(anOpportunity(7).customerId()).isEqualTo(anOpportunity(7).customerId());
        assertThat(anOpportunity(7).id()).isNotEqualTo(anOpportunity(8).id());
    }

    @Test
    void anUnknownStageIsRefused() {
        assertThatThrownBy(() -> anOpportunity().inStage("haggling")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalHistoriesMakeOneLogInBusinessOrder() {
        OpportunityHistory late = anOpportunity().created(day(2)).won(day(5));
        OpportunityHistory early = anOpportunity().created(day(1)).lost(day(3));
        List<OpportunityEvent> log = OpportunityHistory.inBusinessOrder(List.of(late, early));
        assertThat(log).extracting(OpportunityEvent::occurredAt).containsExactly(day(1), day(2), day(3), day(5));
    }

    @Test
    void randomHistoriesAreReproducibleAndInterleavedInOrderPerOpportunity() {
        List<OpportunityHistory> histories = RandomHistories.generate(new Random(5), 30);
        assertThat(RandomHistories.generate(new Random(5), 30))
                .extracting(OpportunityHistory::events)
                .isEqualTo(histories.stream().map(OpportunityHistory::events).toList());
        List<Sequenced> log = RandomHistories.interleaved(new Random(6), histories);
        assertThat(log)
                .hasSize(histories.stream().mapToInt(h -> h.events().size()).sum());
        for (OpportunityHistory history : histories) {
            assertThat(log.stream().filter(s -> s.event().opportunityId().equals(history.id())))
                    .extracting(Sequenced::sequence)
                    .isSorted();
        }
    }
}
