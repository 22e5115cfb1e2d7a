package com.opportunityengine.command.audit;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.EventLogReader;
import com.opportunityengine.store.StoredEvent;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.stereotype.Component;

/**
 * The stored events of one aggregate's stream, read by key ({@code streamKey $in}) in
 * batches, in sequence order, exactly as written (no upcasting, no deserialisation).
 */
@Component
class AggregateEvents {

    static final String OPPORTUNITY = "Opportunity";
    private static final int BATCH = 100;

    private final EventLogReader log;
    private final EventStorageEngine storageEngine;

    AggregateEvents(MongoDatabase database, EventStorageEngine storageEngine) {
        this.log = new EventLogReader(database);
        this.storageEngine = storageEngine;
    }

    /** True when the id names an opportunity (its first event belongs to an Opportunity). */
    boolean isOpportunity(String aggregateId) {
        return log.firstOf(aggregateId)
                .map(first -> OPPORTUNITY.equals(first.aggregateType()))
                .orElse(false);
    }

    /**
     * Hands the stored events to {@code consumer} in sequence order until it answers false. Reads
     * up to the last sequence the store knows of, so a hole of any length (deleted events) is
     * passed over rather than taken for the end of the stream.
     */
    void forEach(String aggregateId, Predicate<StoredEvent> consumer) {
        long last = storageEngine.lastSequenceNumberFor(aggregateId).orElse(-1L);
        for (long next = 0; ; next += BATCH) {
            List<StoredEvent> found = log.ofStream(aggregateId, next, next + BATCH);
            if (found.isEmpty() && next > last) {
                return;
            }
            for (StoredEvent event : found) {
                if (!consumer.test(event)) {
                    return;
                }
            }
        }
    }
}
