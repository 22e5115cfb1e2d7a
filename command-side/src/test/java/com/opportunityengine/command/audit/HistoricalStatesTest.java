package com.opportunityengine.command.audit;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.opportunity.OpportunityState;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStopReason;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/** The audit's historical state reads past the events that are not the opportunity's own (email, sequence). */
class HistoricalStatesTest {

    @Test
    void sequenceEventsInTheStreamAreSkippedNotTheEndOfTheOpportunity() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        SequenceId sequence = SequenceId.of("5e000000-0000-4000-8000-000000000001");
        String id = story.id().toString();
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (Sequenced s : story.sequenced()) {
            messages.add(new GenericDomainEventMessage<>("Opportunity", id, s.sequence(), s.event()));
        }
        messages.add(new GenericDomainEventMessage<>(
                "Opportunity", id, 1, new SequenceEnrolled(story.id(), sequence, at("2026-01-05T10:00:00Z"))));
        story.movedTo(2, at("2026-01-06T09:00:00Z"));
        messages.add(new GenericDomainEventMessage<>(
                "Opportunity", id, 2, story.events().get(1)));
        messages.add(new GenericDomainEventMessage<>(
                "Opportunity",
                id,
                3,
                new SequenceStopped(
                        story.id(), sequence, SequenceStopReason.STAGE_CHANGED, at("2026-01-06T09:00:00Z"))));
        EmbeddedEventStore store = EmbeddedEventStore.builder()
                .storageEngine(new InMemoryEventStorageEngine())
                .build();
        try {
            store.publish(messages);

            HistoricalState latest = new HistoricalStates(store).stateOf(id, null, null, null);

            assertThat(latest.version()).isEqualTo(2);
            assertThat(latest.state()).isEqualTo(OpportunityState.fold(story.events()));
            assertThat(new HistoricalStates(store).stateOf(id, 1L, null, null).version())
                    .isZero();
        } finally {
            store.shutDown();
        }
    }
}
