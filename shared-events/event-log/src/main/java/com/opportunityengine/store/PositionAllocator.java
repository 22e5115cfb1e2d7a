package com.opportunityengine.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * Hands out global positions of the event log (1-based, strictly increasing within this process).
 * <p>
 * Positions are reserved from a counter document in blocks ({@code $inc} by the block size) so
 * several nodes can share one log; inside the process they are handed out under a lock, because
 * mongo-java-server answers concurrent {@code $inc}s with duplicate values. The counter's value
 * is the high-water mark: every position at or below it has been reserved by some node, and no
 * event can ever exist above it. A reserved position may stay empty for good (a node stopped
 * before using the rest of its block, an append failed): readers treat such positions as gaps.
 */
final class PositionAllocator {

    static final String COUNTER_ID = "globalPosition";

    private final MongoCollection<Document> counters;
    private final int blockSize;
    private long next = 1;
    private long limit = 0;

    PositionAllocator(MongoCollection<Document> counters, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive");
        }
        this.counters = counters;
        this.blockSize = blockSize;
    }

    /** Allocates {@code count} increasing positions. */
    synchronized long[] allocate(int count) {
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            if (next > limit) {
                reserve(Math.max(blockSize, count - i));
            }
            positions[i] = next++;
        }
        return positions;
    }

    /** Forgets the rest of the current block, so the next allocation reserves a fresh one. */
    synchronized void abandonBlock() {
        next = limit + 1;
    }

    /** The highest position reserved by any node (0 when none ever was). */
    long highWaterMark() {
        Document counter = counters.find(Filters.eq("_id", COUNTER_ID)).first();
        long stored = counter == null ? 0 : counter.get("value", Number.class).longValue();
        synchronized (this) {
            return Math.max(stored, limit);
        }
    }

    private void reserve(int size) {
        Document counter = counters.findOneAndUpdate(
                Filters.eq("_id", COUNTER_ID),
                Updates.inc("value", (long) size),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long high = counter.get("value", Number.class).longValue();
        next = high - size + 1;
        limit = high;
    }
}
