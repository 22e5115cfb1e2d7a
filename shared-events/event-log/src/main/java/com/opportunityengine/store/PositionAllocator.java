package com.opportunityengine.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

/**
 * Hands out global positions of the event log (1-based, strictly increasing), shared by every node that appends.
 * <p>
 * Each append reserves exactly the positions it needs with one atomic {@code $inc} of a counter document, just
 * before it inserts them, so positions are dense across nodes and a position is in use within milliseconds of being
 * reserved: a reader that sees a higher position treats a lower empty one as a gap for the gap timeout, which must
 * never elapse before the lower position's append lands. (Blocks of positions reserved ahead, as earlier versions did,
 * break that with two nodes: one node's block could stay half unused for minutes while the other's events are read.)
 * The counter's value is the high-water mark: every position at or below it was reserved by some node, and no event
 * can ever exist above it. A reserved position may stay empty for good (the append failed or lost a race on its
 * aggregate): readers treat such positions as gaps.
 * <p>
 * The counter is written without waiting for the journal or a majority: an event stored durably at a position was
 * appended after its reservation, by the same store's ordered log (the MVStore file, MongoDB's journal and oplog),
 * so the reservation is at least as durable as every event that uses it. A reservation lost in a crash was used by no
 * durable event; a node still holding it collides on the unique {@code _id} and reserves again.
 */
final class PositionAllocator {

    static final String COUNTER_ID = "globalPosition";

    private final MongoCollection<Document> counters;

    PositionAllocator(MongoCollection<Document> counters) {
        this.counters = counters.withWriteConcern(WriteConcern.W1);
    }

    /** Reserves {@code count} consecutive positions and returns them in increasing order. */
    long[] allocate(int count) {
        Document counter = counters.findOneAndUpdate(
                Filters.eq("_id", COUNTER_ID),
                Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long high = counter.get("value", Number.class).longValue();
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
            positions[i] = high - count + 1 + i;
        }
        return positions;
    }

    /** The highest position reserved by any node (0 when none ever was). */
    long highWaterMark() {
        Document counter = counters.find(Filters.eq("_id", COUNTER_ID)).first();
        return counter == null ? 0 : counter.get("value", Number.class).longValue();
    }
}
