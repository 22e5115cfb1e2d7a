package com.opportunityengine.command.audit;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.BurntPositions;
import com.opportunityengine.store.EventLogReader;
import com.opportunityengine.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Walks the event log in position order, reading windows of positions by key ({@code _id $in}),
 * never in delivery order. A missing position is a gap: it is skipped when it is permanently
 * empty, i.e. the next event after it was recorded longer ago than the store's gap timeout (the
 * same rule the store's tracking readers use to give a gap up); otherwise the walk stops before
 * it, because a late append may still fill it, unless the store recorded the gap's positions as burnt (a refused
 * append) or abandoned (by a previous process of the sole appender): those are stepped over at once
 * ({@link BurntPositions}). In {@code settled} mode (re-checking a stretch the
 * head already passed) every missing position is skipped.
 */
final class LogCursor {

    static final int WINDOW = 500;

    private final EventLogReader log;
    private final BurntPositions burnt;
    private final Clock clock;
    private final long gapTimeoutMillis;

    LogCursor(MongoDatabase database, Clock clock, Duration gapTimeout) {
        this.log = new EventLogReader(database);
        this.burnt = new BurntPositions(database);
        this.clock = clock;
        this.gapTimeoutMillis = gapTimeout.toMillis();
    }

    /**
     * Hands the events after position {@code after} and at most at {@code upTo} to {@code consumer}
     * in position order, at most {@code limit} of them, until it answers false; returns how many it handed over.
     */
    long forEach(long after, long limit, long upTo, boolean settled, Predicate<StoredEvent> consumer) {
        long end = Math.min(upTo, highWaterMark());
        if (after >= end) {
            return 0; // also keeps after + 1 from overflowing (after=Long.MAX_VALUE would wrap and walk forever)
        }
        long next = after + 1;
        long handed = 0;
        while (handed < limit && next <= end) {
            long windowEnd = Math.min(end, next + WINDOW - 1);
            List<StoredEvent> found = log.atPositions(next, windowEnd);
            if (found.isEmpty()) {
                if (windowEnd >= end) {
                    break;
                }
                if (settled) {
                    next = windowEnd + 1;
                    continue;
                }
                StoredEvent ahead = firstPresentAfter(windowEnd, end);
                if (ahead == null || !permanentlyEmpty(next, ahead)) {
                    break;
                }
                next = ahead.position();
                continue;
            }
            long expected = next;
            for (StoredEvent event : found) {
                long position = event.position();
                if (position > expected && !settled && !permanentlyEmpty(expected, event)) {
                    return handed;
                }
                if (!consumer.test(event)) {
                    return handed;
                }
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
        return log.highWaterMark();
    }

    /** Whether the gap from position {@code from} up to {@code event} stays empty for good. */
    private boolean permanentlyEmpty(long from, StoredEvent event) {
        Long recordedAt = event.recordedAt();
        return recordedAt != null && recordedAt < clock.millis() - gapTimeoutMillis
                || burnt.all(from, event.position() - 1);
    }

    private StoredEvent firstPresentAfter(long after, long end) {
        for (long start = after + 1; start <= end; start += WINDOW) {
            List<StoredEvent> found = log.positionsAndRecordTimes(start, Math.min(end, start + WINDOW - 1));
            if (!found.isEmpty()) {
                return found.get(0);
            }
        }
        return null;
    }
}
