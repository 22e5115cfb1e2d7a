package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractMongoDatabase;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The drivers' {@code countDocuments}, answered from a secondary index. A driver counts with the pipeline
 * {@code [{$match: filter}, ({$skip: n}), ({$limit: n}), {$group: {_id: 1, n: {$sum: 1}}}]}, which mongo-java-server
 * runs over every document of the collection; when an index range is exactly the filter
 * ({@link IndexedH2Collection#exactCount}) the count is the number of keys in the range, read from the B-tree's page
 * counts. Any other aggregation (or option) is left to the server.
 */
final class IndexedCount {

    /** The command's fields this answer understands; with any other (collation, hint, ...) the server answers. */
    private static final Set<String> FIELDS = Set.of(
            "aggregate",
            "pipeline",
            "cursor",
            "$db",
            "lsid",
            "$clusterTime",
            "readConcern",
            "$readPreference",
            "txnNumber",
            "maxTimeMS",
            "comment");

    private IndexedCount() {}

    /** The aggregate command's answer, or null when the server is to run it. */
    static Document answer(AbstractMongoDatabase<?> database, Document command) {
        if (!(command.get("aggregate") instanceof String collectionName)
                || !(command.get("pipeline") instanceof List<?> pipeline)
                || !FIELDS.containsAll(command.keySet())
                || pipeline.size() < 2
                || pipeline.size() > 4) {
            return null;
        }
        List<Document> stages = new ArrayList<>();
        for (Object stage : pipeline) {
            if (!(stage instanceof Document document) || document.size() != 1) {
                return null;
            }
            stages.add(document);
        }
        if (!(stages.get(0).get("$match") instanceof Document filter)) {
            return null;
        }
        Document group = stages.get(stages.size() - 1);
        Object groupId = countingGroupId(group);
        if (groupId == null) {
            return null;
        }
        long skip = 0;
        long limit = 0;
        for (Document stage : stages.subList(1, stages.size() - 1)) {
            if (stage.get("$skip") instanceof Number number && skip == 0 && limit == 0) {
                skip = number.longValue();
            } else if (stage.get("$limit") instanceof Number number && limit == 0) {
                limit = number.longValue();
            } else {
                return null;
            }
        }
        MongoCollection<?> collection = database.resolveCollection(collectionName, false);
        if (!(collection instanceof IndexedH2Collection indexed)) {
            return null;
        }
        long count = indexed.exactCount(filter);
        if (count < 0) {
            return null;
        }
        count = Math.max(0, count - skip);
        if (limit > 0) {
            count = Math.min(limit, count);
        }
        List<Document> batch = new ArrayList<>();
        if (count > 0) {
            Number n = count <= Integer.MAX_VALUE ? (Number) (int) count : (Number) count;
            batch.add(new Document("_id", groupId).append("n", n));
        }
        Document cursor = new Document("id", 0L)
                .append("ns", database.getDatabaseName() + "." + collectionName)
                .append("firstBatch", batch);
        return new Document("cursor", cursor).append("ok", 1.0);
    }

    /** The {@code _id} of a {@code {$group: {_id: <constant>, n: {$sum: 1}}}} stage, or null for any other stage. */
    private static Object countingGroupId(Document stage) {
        if (!(stage.get("$group") instanceof Document group) || group.size() != 2 || !group.containsKey("_id")) {
            return null;
        }
        Object id = group.get("_id");
        boolean constant = id instanceof Number || (id instanceof String text && !text.startsWith("$"));
        if (!constant || !(group.get("n") instanceof Document sum) || sum.size() != 1) {
            return null;
        }
        return sum.get("$sum") instanceof Number one && one.intValue() == 1 && one.doubleValue() == 1.0 ? id : null;
    }
}
