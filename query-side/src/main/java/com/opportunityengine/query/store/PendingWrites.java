package com.opportunityengine.query.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import com.opportunityengine.query.store.Changes.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.types.Decimal128;

/**
 * The writes of one store coalesced per document: a replacement replaces whatever was pending for its
 * document; update operators on one field merge ({@code $inc} summed, {@code $min}/{@code $max} kept,
 * {@code $push} entries appended in order), and keep the order in which their fields first appeared, so a
 * document is created with its fields in the same order as by the writes one at a time.
 */
final class PendingWrites {

    private record Op(Kind kind, Object value) {}

    /** The pending update operators of one document, by field in order of first appearance. */
    private record FieldOps(Map<String, Op> fields) {}

    /** collection, then document id (in order of first write), then a replacement or the fields' operators. */
    private final Map<String, Map<String, Object>> writes = new LinkedHashMap<>();

    void add(Changes changes) {
        for (Changes.Change change : changes.list()) {
            Map<String, Object> documents = writes.computeIfAbsent(change.collection(), c -> new LinkedHashMap<>());
            if (change instanceof Changes.Replace replace) {
                documents.put(replace.id(), replace.document()); // supersedes whatever was pending
            } else if (change instanceof Changes.Update update) {
                Object pending = documents.computeIfAbsent(update.id(), id -> new FieldOps(new LinkedHashMap<>()));
                if (!(pending instanceof FieldOps ops)) {
                    throw new IllegalStateException("an update after a replacement of " + update.collection() + "/"
                            + update.id() + " in one batch is not supported");
                }
                ops.fields().merge(update.path(), new Op(update.kind(), update.value()), PendingWrites::merge);
            }
        }
    }

    /** The pending replacement of a document, or null when none is pending. */
    Document replacement(String collection, String id) {
        Map<String, Object> documents = writes.get(collection);
        Object pending = documents == null ? null : documents.get(id);
        if (pending instanceof FieldOps) {
            throw new IllegalStateException(
                    collection + "/" + id + " has pending updates; only replaced documents are read back");
        }
        return (Document) pending;
    }

    /** The pending replacements in a collection, by id. */
    Map<String, Document> replacements(String collection) {
        Map<String, Document> found = new LinkedHashMap<>();
        writes.getOrDefault(collection, Map.of()).forEach((id, pending) -> {
            if (pending instanceof Document replacement) {
                found.put(id, replacement);
            }
        });
        return found;
    }

    void discard() {
        writes.clear();
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** One unordered bulk write per collection, collections in the given order. */
    void flush(Map<String, MongoCollection<Document>> collections) {
        for (Map.Entry<String, MongoCollection<Document>> collection : collections.entrySet()) {
            Map<String, Object> documents = writes.get(collection.getKey());
            if (documents == null || documents.isEmpty()) {
                continue;
            }
            List<WriteModel<Document>> models = new ArrayList<>(documents.size());
            documents.forEach((id, pending) -> models.add(model(id, pending)));
            collection.getValue().bulkWrite(models, new BulkWriteOptions().ordered(false));
        }
        writes.clear();
    }

    private static WriteModel<Document> model(String id, Object pending) {
        if (pending instanceof Document replacement) {
            return new ReplaceOneModel<>(Filters.eq("_id", id), replacement, new ReplaceOptions().upsert(true));
        }
        // the update document built directly ({"$inc": {...}, "$max": {...}}): the Updates builders re-encode
        // every field through the codec registry, which showed up in the projections' profiles
        Document update = new Document();
        ((FieldOps) pending).fields().forEach((path, op) -> {
            Object value = op.kind() == Kind.PUSH ? new Document("$each", op.value()) : op.value();
            update.computeIfAbsent(operator(op.kind()), k -> new Document());
            update.get(operator(op.kind()), Document.class).append(path, value);
        });
        return new UpdateOneModel<>(new Document("_id", id), update, new UpdateOptions().upsert(true));
    }

    private static String operator(Kind kind) {
        return switch (kind) {
            case INC -> "$inc";
            case MIN -> "$min";
            case MAX -> "$max";
            case PUSH -> "$push";
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Op merge(Op was, Op next) {
        if (was.kind() != next.kind()) {
            throw new IllegalStateException("two update operators on one field: " + was.kind() + " and " + next.kind());
        }
        Object merged = switch (was.kind()) {
            case INC -> sum((Number) was.value(), (Number) next.value());
            case MIN -> ((Comparable) next.value()).compareTo(was.value()) < 0 ? next.value() : was.value();
            case MAX -> ((Comparable) next.value()).compareTo(was.value()) > 0 ? next.value() : was.value();
            case PUSH -> {
                List<Document> entries = new ArrayList<>((List<Document>) was.value());
                entries.addAll((List<Document>) next.value());
                yield entries;
            }
        };
        return new Op(was.kind(), merged);
    }

    /** What the server makes of two increments in a row: longs add as longs, Decimal128s as exact decimals. */
    private static Number sum(Number a, Number b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Math.addExact(x, y);
        }
        if (a instanceof Decimal128 x && b instanceof Decimal128 y) {
            BigDecimal total = x.bigDecimalValue().add(y.bigDecimalValue());
            return new Decimal128(total);
        }
        throw new IllegalStateException("increments of one field mix " + a.getClass() + " and " + b.getClass());
    }
}
