package com.opportunityengine.query.opportunity;

import static com.opportunityengine.query.store.Documents.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.util.ArrayList;
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

    /** The opportunity's entries in business-time order, then sequence. */
    List<TimelineEntry> entries(String opportunityId) {
        List<TimelineEntry> found = new ArrayList<>();
        entries.find(Filters.eq("opportunityId", opportunityId))
                .sort(Sorts.ascending("occurredAt", "sequence"))
                .forEach(d -> found.add(new TimelineEntry(
                        ((Number) d.get("sequence")).longValue(),
                        instant(d.getString("occurredAt")),
                        d.getString("type"),
                        d.getString("event"),
                        d.getString("summary"),
                        toMap(d.get("details", Document.class)))));
        return found;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toMap(Document details) {
        return details == null ? Map.of() : (Map<String, Object>) (Map<String, ?>) details;
    }
}
