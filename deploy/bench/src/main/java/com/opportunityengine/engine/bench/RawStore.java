package com.opportunityengine.engine.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;
import org.bson.Document;

/**
 * The ceiling: the MongoDB driver alone writing documents shaped like the engine's event
 * documents (a copy of a real one, same indexes) through the engine's durable database (majority, journaled:
 * the embedded store syncs before it answers), and reading
 * documents back by key in batches of 100, as the engine's log reader does.
 */
final class RawStore {

    static final String COLLECTION = "bench_raw";
    private static final int BATCH = 100;

    private final MongoCollection<Document> raw;
    private final Document template;
    private long next = 1;

    RawStore(MongoDatabase database, Document template) {
        this.raw = database.getCollection(COLLECTION);
        this.template = template;
        raw.createIndex(
                Indexes.ascending("streamKey"), new IndexOptions().unique(true).name("streamKey"));
        raw.createIndex(
                Indexes.ascending("eventIdentifier"),
                new IndexOptions().unique(true).name("eventIdentifier"));
    }

    /** Size in bytes of one document as written (BSON). */
    int documentBytes() {
        return org.bson.RawBsonDocument.parse(document(0).toJson())
                .getByteBuffer()
                .remaining();
    }

    /** insertOne, durable when acknowledged, one at a time: writes/s. */
    double singleDurableWrites(int count) {
        return times(count, this::writeOne);
    }

    /** insertOne, durable when acknowledged, one at a time for (at least) {@code duration}: writes/s. */
    double singleDurableWrites(Duration duration) {
        return forAtLeast(duration, this::writeOne);
    }

    /** insertMany of 100, durable when acknowledged: documents/s. */
    double batchedDurableWrites(int batches) {
        return times(batches, this::writeBatch);
    }

    /** insertMany of 100, durable when acknowledged, for (at least) {@code duration}: documents/s. */
    double batchedDurableWrites(Duration duration) {
        return forAtLeast(duration, this::writeBatch);
    }

    private int writeOne() {
        raw.insertOne(document(next++));
        return 1;
    }

    private int writeBatch() {
        List<Document> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(document(next++));
        }
        raw.insertMany(batch);
        return BATCH;
    }

    /** Runs {@code step} (which returns the documents it wrote) {@code count} times: documents/s. */
    private static double times(int count, IntSupplier step) {
        long started = System.nanoTime();
        long documents = 0;
        for (int i = 0; i < count; i++) {
            documents += step.getAsInt();
        }
        return documents / seconds(started);
    }

    /** Repeats {@code step} (which returns the documents it wrote) until {@code duration} has passed: documents/s. */
    private static double forAtLeast(Duration duration, IntSupplier step) {
        long started = System.nanoTime();
        long until = started + duration.toNanos();
        long documents = 0;
        do {
            documents += step.getAsInt();
        } while (System.nanoTime() < until);
        return documents / seconds(started);
    }

    /** How many raw documents exist (their {@code _id}s are 1..written). */
    long written() {
        return next - 1;
    }

    /** Reads raw documents {@code from .. from+count-1} by {@code _id $in} in batches of 100: documents/s. */
    double keyReads(long from, long count) {
        return keyReads(raw, from, count);
    }

    /** Reads documents of any collection whose {@code _id}s are positions, by {@code _id $in} batches of 100. */
    static double keyReads(MongoCollection<Document> collection, long from, long count) {
        long started = System.nanoTime();
        long found = 0;
        for (long start = from; start < from + count; start += BATCH) {
            List<Long> keys = new ArrayList<>(BATCH);
            for (long id = start; id < Math.min(start + BATCH, from + count); id++) {
                keys.add(id);
            }
            found += collection
                    .find(Filters.in("_id", keys))
                    .into(new ArrayList<>())
                    .size();
        }
        if (found < count * 0.99) {
            throw new IllegalStateException("read " + found + " of " + count + " documents by key");
        }
        return found / seconds(started);
    }

    /**
     * The raw ceiling of a projection rebuild's own work: the events at positions {@code from .. from+count-1} read
     * by {@code _id $in} batches of 100, and per {@code unitOfWork} events (a processor's batch) one document per
     * opportunity those events touched, a copy of {@code row} (a real read-model document) under the opportunity's
     * id, written as one unordered bulk of upserted replacements into {@code scratch} (the read models' database and
     * write concern), emptied first: events/s. A rebuild does at least this, so it is bounded by the slower of its
     * reads and its writes, not by the reads alone.
     */
    static double rebuildCeiling(
            MongoCollection<Document> events,
            MongoCollection<Document> scratch,
            Document row,
            long from,
            long count,
            int unitOfWork) {
        scratch.deleteMany(new Document());
        long started = System.nanoTime();
        long found = 0;
        Set<String> touched = new LinkedHashSet<>();
        long inUnit = 0;
        for (long start = from; start < from + count; start += BATCH) {
            List<Long> keys = new ArrayList<>(BATCH);
            for (long id = start; id < Math.min(start + BATCH, from + count); id++) {
                keys.add(id);
            }
            for (Document event :
                    events.find(Filters.in("_id", keys)).projection(new Document("aggregateIdentifier", 1))) {
                touched.add(event.getString("aggregateIdentifier"));
                found++;
            }
            inUnit += keys.size();
            if (inUnit >= unitOfWork || start + BATCH >= from + count) {
                writeRows(scratch, row, touched);
                touched.clear();
                inUnit = 0;
            }
        }
        if (found < count * 0.99) {
            throw new IllegalStateException("read " + found + " of " + count + " events by key");
        }
        double rate = found / seconds(started);
        scratch.drop();
        return rate;
    }

    private static void writeRows(MongoCollection<Document> scratch, Document row, Set<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(ids.size());
        for (String id : ids) {
            Document copy = new Document(row);
            copy.put("_id", id);
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), copy, new ReplaceOptions().upsert(true)));
        }
        scratch.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    private Document document(long id) {
        Document document = new Document(template);
        String aggregate = "raw-" + id;
        document.put("_id", id);
        document.put("aggregateIdentifier", aggregate);
        document.put("streamKey", aggregate + "#0");
        document.put("eventIdentifier", UUID.randomUUID().toString());
        document.put("recordedAt", System.currentTimeMillis());
        return document;
    }

    static double seconds(long startedNanos) {
        return Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
    }
}
