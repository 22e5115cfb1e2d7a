package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;

/** The benchmark's log: a year of traffic in the order it happened, each opportunity's events in sequence. */
class LogFillerTest {

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();

    @Test
    void fillsTheBudgetInBusinessTimeOrderWithDenseSequencesPerOpportunity() {
        LogFiller filler = new LogFiller(storage);
        filler.fill(2_500, 5_000);

        List<DomainEventMessage<?>> log = log();
        assertThat(log).hasSize(5_000);
        assertThat(filler.eventsWritten()).isEqualTo(5_000);
        assertThat(filler.opportunitiesWritten()).isEqualTo(2_500);
        assertThat(log.stream().filter(e -> e.getPayload() instanceof OpportunityCreated))
                .hasSize(2_500);
        for (int i = 1; i < log.size(); i++) {
            assertThat(occurredAt(log.get(i))).as("event %d", i).isAfterOrEqualTo(occurredAt(log.get(i - 1)));
        }
        Map<String, Long> next = new HashMap<>();
        for (DomainEventMessage<?> event : log) {
            long expected = next.getOrDefault(event.getAggregateIdentifier(), 0L);
            assertThat(event.getSequenceNumber()).isEqualTo(expected);
            assertThat(((OpportunityEvent) event.getPayload()).opportunityId().toString())
                    .isEqualTo(event.getAggregateIdentifier());
            next.put(event.getAggregateIdentifier(), expected + 1);
        }
        assertThat(next).hasSize(2_500);
        // created over the whole year, not bunched: every quarter of the log creates some
        for (int q = 0; q < 4; q++) {
            assertThat(log.subList(q * 1_250, (q + 1) * 1_250).stream()
                            .filter(e -> e.getPayload() instanceof OpportunityCreated)
                            .count())
                    .isGreaterThan(300);
        }
    }

    @Test
    void aSecondFillAddsNewOpportunities() {
        LogFiller filler = new LogFiller(storage);
        filler.fill(100, 250);
        filler.fill(400, 600);
        List<DomainEventMessage<?>> log = log();
        assertThat(log).hasSize(850);
        assertThat(log.stream().map(DomainEventMessage::getAggregateIdentifier).collect(Collectors.toSet()))
                .hasSize(500);
        assertThat(filler.opportunitiesWritten()).isEqualTo(500);
    }

    private List<DomainEventMessage<?>> log() {
        return storage.readEvents(null, false)
                .<DomainEventMessage<?>>map(e -> (DomainEventMessage<?>) e)
                .toList();
    }

    private static java.time.Instant occurredAt(DomainEventMessage<?> event) {
        return ((OpportunityEvent) event.getPayload()).occurredAt();
    }
}
