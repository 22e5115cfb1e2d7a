package com.opportunityengine.command.imports;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.imports.salesforce.RejectedRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The imports and their progress, one document per import in the collection {@code imports}: status
 * (RUNNING, DONE, FAILED), counts, rejected rows. A RUNNING import found at start-up was cut off by a restart: it is
 * marked FAILED (running the same files again continues it, since the import is idempotent by source ids).
 */
class ImportRecords {

    static final String COLLECTION = "imports";
    /** At most this many rejected rows are kept per import (the count is always exact). */
    static final int MAX_REJECTED = 10_000;

    private final MongoCollection<Document> collection;

    ImportRecords(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    void start(String importId, String kind, String actor, Instant at) {
        collection.insertOne(new Document("_id", importId)
                .append("kind", kind)
                .append("status", "RUNNING")
                .append("actor", actor)
                .append("startedAt", Date.from(at))
                .append("rowsRead", 0L)
                .append("opportunitiesCreated", 0L)
                .append("opportunitiesSkipped", 0L)
                .append("opportunitiesResumed", 0L)
                .append("customersCreated", 0L)
                .append("rejectedCount", 0L)
                .append("rejected", List.of()));
    }

    void progress(ImportProgress progress) {
        collection.updateOne(new Document("_id", progress.importId()), new Document("$set", progress.toDocument()));
    }

    void finish(ImportProgress progress, String status, String error, Instant at) {
        Document set = progress.toDocument().append("status", status).append("finishedAt", Date.from(at));
        if (error != null) {
            set.append("error", error);
        }
        collection.updateOne(new Document("_id", progress.importId()), new Document("$set", set));
    }

    /** Marks imports left RUNNING by a previous process as FAILED. */
    void failInterrupted(Instant at) {
        collection.updateMany(
                new Document("status", "RUNNING"),
                new Document(
                        "$set",
                        new Document("status", "FAILED")
                                .append("error", "interrupted by a restart; import the same files again to continue")
                                .append("finishedAt", Date.from(at))));
    }

    Optional<ImportStatus> find(String importId) {
        Document d = collection.find(new Document("_id", importId)).first();
        if (d == null) {
            return Optional.empty();
        }
        List<RejectedRow> rejected = new ArrayList<>();
        for (Document r : d.getList("rejected", Document.class, List.of())) {
            rejected.add(
                    new RejectedRow(r.getString("file"), ((Number) r.get("line")).longValue(), r.getString("reason")));
        }
        Date finished = d.getDate("finishedAt");
        return Optional.of(new ImportStatus(
                d.getString("_id"),
                d.getString("status"),
                number(d, "rowsRead"),
                number(d, "opportunitiesCreated"),
                number(d, "opportunitiesSkipped"),
                number(d, "opportunitiesResumed"),
                number(d, "customersCreated"),
                number(d, "rejectedCount"),
                rejected,
                d.getDate("startedAt").toInstant(),
                finished == null ? null : finished.toInstant(),
                d.getString("error")));
    }

    private static long number(Document d, String field) {
        Object value = d.get(field);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
