package com.opportunityengine.query.store;

import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * One event's writes to a store's collections, all of them built before any is staged or written, so that a
 * handler that fails half-way leaves nothing behind. {@link BatchedWrites#write(Changes)} stages them in the
 * current batch (coalesced with the batch's other writes) or writes them at once.
 */
public final class Changes {

    enum Kind {
        INC,
        MIN,
        MAX,
        PUSH
    }

    /** A whole document replacing the one with its {@code _id} (upsert). */
    record Replace(String collection, String id, Document document) implements Change {}

    /** An update operator on one field of a document (upsert). */
    record Update(String collection, String id, Kind kind, String path, Object value) implements Change {}

    sealed interface Change permits Replace, Update {
        String collection();

        String id();
    }

    private final List<Change> list = new ArrayList<>();

    public Changes replace(String collection, String id, Document document) {
        list.add(new Replace(collection, id, document));
        return this;
    }

    /** {@code $inc} by a long or a {@link Decimal128}; increments of one field are summed. */
    public Changes inc(String collection, String id, String path, Number value) {
        if (!(value instanceof Long || value instanceof Decimal128)) {
            throw new IllegalArgumentException("increments are longs or Decimal128s, not " + value.getClass());
        }
        list.add(new Update(collection, id, Kind.INC, path, value));
        return this;
    }

    /** {@code $min}; of several on one field the least is kept. */
    public <T extends Comparable<? super T>> Changes min(String collection, String id, String path, T value) {
        list.add(new Update(collection, id, Kind.MIN, path, value));
        return this;
    }

    /** {@code $max}; of several on one field the greatest is kept. */
    public <T extends Comparable<? super T>> Changes max(String collection, String id, String path, T value) {
        list.add(new Update(collection, id, Kind.MAX, path, value));
        return this;
    }

    /** {@code $push} with {@code $each}; entries pushed to one array are appended in order. */
    public Changes push(String collection, String id, String field, List<Document> entries) {
        list.add(new Update(collection, id, Kind.PUSH, field, List.copyOf(entries)));
        return this;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    List<Change> list() {
        return list;
    }
}
