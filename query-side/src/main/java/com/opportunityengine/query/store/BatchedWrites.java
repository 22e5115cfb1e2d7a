package com.opportunityengine.query.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.store.ReadModels;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * A projection store's writes. Inside a processor batch (a {@link WriteBatch} is open) they are staged and
 * coalesced with the batch's other writes, and {@link #find} reads the staged replacement of a document
 * before the stored one, so the events of one opportunity in one batch fold on each other. Outside a batch
 * (a dead-letter retry, a test calling a handler) every {@link #write} goes to MongoDB at once. Either way the
 * documents come out the same.
 */
public final class BatchedWrites {

    private final Map<String, MongoCollection<Document>> collections = new LinkedHashMap<>();

    /** @param collections the store's collections, in the order their writes are flushed */
    public BatchedWrites(@ReadModels MongoDatabase database, String... collections) {
        for (String name : collections) {
            this.collections.put(name, database.getCollection(name));
        }
    }

    /** The document as this batch left it, or as stored; only for documents the store replaces whole. */
    public Optional<Document> find(String collection, String id) {
        Optional<WriteBatch> batch = WriteBatch.current();
        PendingWrites pending = batch.map(b -> b.pendingOrNull(this)).orElse(null);
        Document staged = pending == null ? null : pending.replacement(collection, id);
        if (staged != null) {
            return Optional.of(new Document(staged));
        }
        if (batch.isPresent()) {
            // one $in for all of the batch's aggregates instead of one look-up per event
            Optional<Optional<Document>> ahead =
                    batch.get().prefetched(this, collection, id, ids -> loadAll(collection, ids));
            if (ahead.isPresent()) {
                return ahead.get().map(Document::new);
            }
        }
        return Optional.ofNullable(
                collection(collection).find(Filters.eq("_id", id)).first());
    }

    private Map<String, Document> loadAll(String collection, Collection<String> ids) {
        Map<String, Document> found = new HashMap<>();
        for (Document document : collection(collection).find(Filters.in("_id", ids))) {
            found.put(String.valueOf(document.get("_id")), document);
        }
        return found;
    }

    /**
     * The documents of a collection this batch has replaced, by id, for reads by something other than
     * {@code _id} to lay over what they find stored (empty outside a batch).
     */
    public Map<String, Document> staged(String collection) {
        collection(collection);
        PendingWrites pending =
                WriteBatch.current().map(batch -> batch.pendingOrNull(this)).orElse(null);
        return pending == null ? Map.of() : pending.replacements(collection);
    }

    /** Stages one event's writes in the open batch, or writes them now when there is none. */
    public void write(Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        Optional<WriteBatch> batch = WriteBatch.current();
        if (batch.isPresent()) {
            batch.get().pending(this).add(changes);
        } else {
            PendingWrites now = new PendingWrites();
            now.add(changes);
            now.flush(collections);
        }
    }

    /** Empties the store's collections, dropping what the open batch (if any) had staged for them. */
    public void clear() {
        WriteBatch.current().ifPresent(batch -> batch.forget(this));
        collections.values().forEach(collection -> collection.deleteMany(new Document()));
    }

    void flush(PendingWrites pending) {
        pending.flush(collections);
    }

    private MongoCollection<Document> collection(String name) {
        MongoCollection<Document> collection = collections.get(name);
        if (collection == null) {
            throw new IllegalArgumentException(
                    name + " is not one of this store's collections " + collections.keySet());
        }
        return collection;
    }
}
