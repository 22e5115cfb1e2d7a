package com.opportunityengine.command.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.bson.Document;

/**
 * Walks the event log in position order, reading windows of positions by key ({@code _id $in}),
 * never in delivery order. A missing position is a gap: it is skipped when it is permanently
 * empty, i.e. the next event after it was recorded longer ago than the store's gap timeout (the
 * same rule the store's tracking readers use to give a gap up); otherwise the walk stops before
 * it, because a late append may still fill it. In {@code settled} mode (re-checking a stretch the
 * head already passed) every missing position is skipped.
 */
final class LogCursor {

    static final int WINDOW = 500;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> counters;
    private final Clock clock;
    private final long gapTimeoutMillis;

    LogCursor(MongoDatabase database, Clock clock, Duration gapTimeout) {
        this.events = database.getCollection(MongoEventLogStorageEngine.EVENTS);
        this.counters = database.getCollection(MongoEventLogStorageEngine.COUNTERS);
        this.clock = clock;
        this.gapTimeoutMillis = gapTimeout.toMillis();
    }

    /**
     * Hands the events after position {@code after} and at most at {@code upTo} to {@code consumer}
     * in position order, at most {@code limit} of them; returns how many it handed over.
     */
    long forEach(long after, long limit, long upTo, boolean settled, Consumer<Document> consumer) {
        long next = after + 1;
        long handed = 0;
        long end = Math.min(upTo, highWaterMark());
        while (handed < limit && next <= end) {
            long windowEnd = Math.min(end, next + WINDOW - 1);
            List<Document> found = find(next, windowEnd, null);
            if (found.isEmpty()) {
                if (windowEnd >= end) {
                    break;
                }
                if (settled) {
                    next = windowEnd + 1;
                    continue;
                }
                Document ahead = firstPresentAfter(windowEnd, end);
                if (ahead == null || !permanentlyEmptyBefore(ahead)) {
                    break;
                }
                next = position(ahead);
                continue;
            }
            long expected = next;
            for (Document document : found) {
                long position = position(document);
                if (position > expected && !settled && !permanentlyEmptyBefore(document)) {
                    return handed;
                }
                consumer.accept(document);
                handed++;
                expected = position + 1;
                if (handed >= limit) {
                    return handed;
                }
            }
            next = expected;
        }
        return handed;
    }

    /** The highest position any node has reserved: no event can exist above it. */
    long highWaterMark() {
        Document counter = counters.find(Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID)).first();
        return counter == null ? 0 : counter.get("value", Number.class).longValue();
    }

    private boolean permanentlyEmptyBefore(Document event) {
        Number recordedAt = event.get("recordedAt", Number.class);
        return recordedAt != null && recordedAt.longValue() < clock.millis() - gapTimeoutMillis;
    }

    private Document firstPresentAfter(long after, long end) {
        for (long start = after + 1; start <= end; start += WINDOW) {
            List<Document> found = find(start, Math.min(end, start + WINDOW - 1),
                                        Projections.include("_id", "recordedAt"));
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }

    private List<Document> find(long from, long to, org.bson.conversions.Bson projection) {
        List<Long> keys = new ArrayList<>((int) (to - from + 1));
        for (long position = from; position <= to; position++) {
            keys.add(position);
        }
        var query = events.find(Filters.in("_id", keys));
        if (projection != null) {
            query = query.projection(projection);
        }
        List<Document> found = query.into(new ArrayList<>());
        found.sort(Comparator.comparingLong(LogCursor::position));
        return found;
    }

    static long position(Document document) {
        return document.get("_id", Number.class).longValue();
    }
}
