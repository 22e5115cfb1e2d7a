package com.opportunityengine.command.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The stored documents of one aggregate's stream, read by key ({@code streamKey $in}) in
 * batches, in sequence order, exactly as written (no upcasting, no deserialisation).
 */
@Component
class AggregateEvents {

    static final String OPPORTUNITY = "Opportunity";
    private static final int BATCH = 100;

    private final MongoCollection<Document> events;
    private final EventStorageEngine storageEngine;

    AggregateEvents(MongoDatabase database, EventStorageEngine storageEngine) {
        this.events = database.getCollection(MongoEventLogStorageEngine.EVENTS);
        this.storageEngine = storageEngine;
    }

    /** True when the id names an opportunity (its first event belongs to an Opportunity). */
    boolean isOpportunity(String aggregateId) {
        Document first = events.find(Filters.eq("streamKey", MongoEventLogStorageEngine.streamKey(aggregateId, 0)))
                               .first();
        return first != null && OPPORTUNITY.equals(first.getString("type"));
    }

    /**
     * Hands the stored events to {@code consumer} in sequence order until it answers false. Reads
     * up to the last sequence the store knows of, so a hole of any length (deleted events) is
     * passed over rather than taken for the end of the stream.
     */
    void forEach(String aggregateId, Predicate<Document> consumer) {
        long last = storageEngine.lastSequenceNumberFor(aggregateId).orElse(-1L);
        for (long next = 0; ; next += BATCH) {
            List<String> keys = new ArrayList<>(BATCH);
            for (long sequence = next; sequence < next + BATCH; sequence++) {
                keys.add(MongoEventLogStorageEngine.streamKey(aggregateId, sequence));
            }
            List<Document> found = events.find(Filters.in("streamKey", keys)).into(new ArrayList<>());
            if (found.isEmpty() && next > last) {
                return;
            }
            found.sort(Comparator.comparingLong(d -> d.get("sequenceNumber", Number.class).longValue()));
            for (Document document : found) {
                if (!consumer.test(document)) {
                    return;
                }
            }
        }
    }
}
