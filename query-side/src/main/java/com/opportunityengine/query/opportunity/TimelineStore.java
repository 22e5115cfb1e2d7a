package com.opportunityengine.query.opportunity;

import static com.opportunityengine.query.store.Documents.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The timelines, the one class that knows their collections and fields: {@code qv_timeline} holds one entry per event (keyed {@code <opportunityId>:<sequence>},
 * so a repeat overwrites itself), {@code qv_timeline_heads} the last sequence applied per opportunity.
 * Writes go through {@link BatchedWrites} (staged and flushed at the end of a processor batch).
 */
@Component
class TimelineStore {

    static final String ENTRIES = "qv_timeline";
    static final String HEADS = "qv_timeline_heads";
    /** Entry ids asked for in one {@code $in}. */
    private static final int KEYS_PER_READ = 500;

    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> heads;
    private final BatchedWrites writes;

    TimelineStore(@ReadModels MongoDatabase database) {
        this.entries = database.getCollection(ENTRIES);
        this.heads = database.getCollection(HEADS);
        this.writes = new BatchedWrites(database, ENTRIES, HEADS);
        createIndexes();
    }

    private void createIndexes() {
        entries.createIndex(Indexes.ascending("opportunityId", "occurredAt", "sequence"));
    }

    void clear() {
        writes.clear();
    }

    void append(String opportunityId, TimelineEntry entry) {
        String id = opportunityId + ":" + entry.sequence();
        Document document = new Document("_id", id)
                .append("opportunityId", opportunityId)
                .append("sequence", entry.sequence())
                .append("occurredAt", instant(entry.occurredAt()))
                .append("type", entry.type())
                .append("event", entry.event())
                .append("summary", entry.summary())
                .append("details", new Document(entry.details()));
        writes.write(
                new Changes().replace(ENTRIES, id, document).max(HEADS, opportunityId, "version", entry.sequence()));
    }

    /** The last sequence applied to the opportunity's timeline, if it has one. */
    Optional<Long> version(String opportunityId) {
        return Optional.ofNullable(heads.find(Filters.eq("_id", opportunityId)).first())
                .map(head -> ((Number) head.get("version")).longValue());
    }

    /**
     * The opportunity's entries in business-time order, then sequence. Read by key: an entry's id is
     * {@code <opportunityId>:<sequence>} and the head holds the last sequence applied, so the entries are
     * {@code _id $in} batches over sequences 0 to it (a sequence without an entry is simply not found). A query on
     * {@code opportunityId} would be answered by the embedded store, which ignores non-unique indexes, by scanning
     * every entry of every opportunity: one per event of the log.
     */
    List<TimelineEntry> entries(String opportunityId) {
        Optional<Long> version = version(opportunityId);
        if (version.isEmpty()) {
            return List.of();
        }
        List<Document> stored = new ArrayList<>();
        for (long from = 0; from <= version.get(); from += KEYS_PER_READ) {
            List<String> ids = new ArrayList<>();
            for (long sequence = from; sequence <= Math.min(version.get(), from + KEYS_PER_READ - 1); sequence++) {
                ids.add(opportunityId + ":" + sequence);
            }
            entries.find(Filters.in("_id", ids)).into(stored);
        }
        // fixed-width instants: their text order is their time order
        stored.sort(Comparator.comparing((Document d) -> d.getString("occurredAt"))
                .thenComparingLong(d -> ((Number) d.get("sequence")).longValue()));
        List<TimelineEntry> found = new ArrayList<>(stored.size());
        for (Document d : stored) {
            found.add(new TimelineEntry(
                    ((Number) d.get("sequence")).longValue(),
                    instant(d.getString("occurredAt")),
                    d.getString("type"),
                    d.getString("event"),
                    d.getString("summary"),
                    toMap(d.get("details", Document.class))));
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Document details) {
        return details == null ? Map.of() : (Map<String, Object>) (Map<String, ?>) details;
    }
}
