package com.opportunityengine.engine.bench;

import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.query.winprobability.SyntheticHistories;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fills the log fast: realistic opportunity histories ({@link SyntheticHistories}, a year of
 * business time) appended straight through the engine's own storage engine in batches of 1,000
 * events (serialised, hash-chained and made durable as every append is), not through commands.
 * Each opportunity gets its share of the event budget: its history cut short, or padded with
 * contacts.
 */
final class LogFiller {

    private static final int CHUNK = 1_000;
    private static final int BATCH = 1_000;

    private final EventStorageEngine engine;
    private final Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final Instant from = to.minus(Duration.ofDays(365));
    private long seed = 20_260_301L;
    private long opportunitiesWritten;
    private long eventsWritten;

    LogFiller(EventStorageEngine engine) {
        this.engine = engine;
    }

    /** Appends {@code opportunities} new opportunities holding {@code events} events in all. */
    void fill(int opportunities, long events) {
        MetaData metaData = MetaData.from(Map.of("actor", "bench-fill", "correlationId", UUID.randomUUID().toString()));
        List<EventMessage<?>> batch = new ArrayList<>(BATCH);
        for (int made = 0; made < opportunities; made += CHUNK) {
            int chunk = Math.min(CHUNK, opportunities - made);
            Map<OpportunityId, List<OpportunityEvent>> histories = new LinkedHashMap<>();
            for (OpportunityEvent event : SyntheticHistories.generate(seed++, chunk, from, to)) {
                histories.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>()).add(event);
            }
            int i = made;
            for (List<OpportunityEvent> history : histories.values()) {
                long share = Math.max(1, events * (i + 1) / opportunities - events * i / opportunities);
                i++;
                for (int k = 0; k < share; k++) {
                    OpportunityEvent event = k < history.size() ? history.get(k) : contact(history.get(history.size() - 1));
                    batch.add(new GenericDomainEventMessage<>("Opportunity", event.opportunityId().toString(), k,
                                                              event, metaData));
                    if (batch.size() >= BATCH) {
                        flush(batch);
                    }
                }
            }
            opportunitiesWritten += histories.size();
        }
        flush(batch);
    }

    private void flush(List<EventMessage<?>> batch) {
        if (!batch.isEmpty()) {
            engine.appendEvents(batch);
            eventsWritten += batch.size();
            batch.clear();
        }
    }

    private static ContactLogged contact(OpportunityEvent last) {
        return new ContactLogged(last.opportunityId(), ContactId.random(), ContactChannel.EMAIL,
                                 ContactDirection.OUTBOUND, "Follow-up mail with the updated offer",
                                 List.of("alice"), "awaiting answer", last.occurredAt(), 5);
    }

    long opportunitiesWritten() {
        return opportunitiesWritten;
    }

    long eventsWritten() {
        return eventsWritten;
    }
}
