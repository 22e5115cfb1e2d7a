package com.opportunityengine.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The one reader of raw event documents: the log read by key, as stored ({@link StoredEvent}), for the audit, the
 * export and the tools. Every read is an equality or {@code $in} look-up on a unique key (the position or the
 * stream key), never a scan in storage order. Tracking processors and aggregates read through the
 * {@link MongoEventLogStorageEngine} instead (upcast, deserialised, gap-aware).
 */
public final class EventLogReader {

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> counters;

    public EventLogReader(MongoDatabase database) {
        this.events = database.getCollection(MongoEventLogStorageEngine.EVENTS);
        this.counters = database.getCollection(MongoEventLogStorageEngine.COUNTERS);
    }

    /** The events at the positions {@code from..to} (both included) that exist, in position order. */
    public List<StoredEvent> atPositions(long from, long to) {
        return atPositions(from, to, null);
    }

    /**
     * The position and record time of the events at the positions {@code from..to} that exist, in position order,
     * every other field null: what a walk needs to step over a gap without reading the events it steps to twice.
     */
    public List<StoredEvent> positionsAndRecordTimes(long from, long to) {
        return atPositions(from, to, Projections.include("_id", "recordedAt"));
    }

    private List<StoredEvent> atPositions(long from, long to, Bson projection) {
        if (to < from) {
            return List.of();
        }
        List<Long> keys = new ArrayList<>((int) Math.min(Integer.MAX_VALUE, to - from + 1));
        for (long position = from; position <= to; position++) {
            keys.add(position);
        }
        var query = events.find(Filters.in("_id", keys));
        if (projection != null) {
            query = query.projection(projection);
        }
        return sorted(query.into(new ArrayList<>()), Comparator.comparingLong(StoredEvent::position));
    }

    /**
     * The events of one aggregate's stream at the sequences {@code from} (included) to {@code to} (excluded) that
     * exist, in sequence order.
     */
    public List<StoredEvent> ofStream(String aggregateId, long from, long to) {
        List<String> keys = new ArrayList<>((int) Math.max(0, Math.min(Integer.MAX_VALUE, to - from)));
        for (long sequence = from; sequence < to; sequence++) {
            keys.add(MongoEventLogStorageEngine.streamKey(aggregateId, sequence));
        }
        if (keys.isEmpty()) {
            return List.of();
        }
        return sorted(
                events.find(Filters.in("streamKey", keys)).into(new ArrayList<>()),
                Comparator.comparingLong(StoredEvent::sequence));
    }

    /** The first event of an aggregate's stream, when it exists. */
    public Optional<StoredEvent> firstOf(String aggregateId) {
        Document first = events.find(Filters.eq("streamKey", MongoEventLogStorageEngine.streamKey(aggregateId, 0)))
                .first();
        return Optional.ofNullable(first).map(StoredEvent::of);
    }

    /** The highest position any node has reserved: no event can exist above it (0 when none ever was). */
    public long highWaterMark() {
        Document counter = counters.find(Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID))
                .first();
        return counter == null ? 0 : counter.get("value", Number.class).longValue();
    }

    private static List<StoredEvent> sorted(List<Document> documents, Comparator<StoredEvent> order) {
        List<StoredEvent> found = new ArrayList<>(documents.size());
        for (Document document : documents) {
            found.add(StoredEvent.of(document));
        }
        found.sort(order);
        return found;
    }
}
