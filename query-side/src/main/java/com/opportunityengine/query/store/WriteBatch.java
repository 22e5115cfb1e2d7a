package com.opportunityengine.query.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;

/**
 * The writes staged during one batch of a processor (one {@code BatchingUnitOfWork}), per store. It exists
 * only while {@link FlushAtEndOfBatch} has one open in the current unit of work, which flushes it when the
 * batch's last event has been handled; without one, stores write at once.
 */
final class WriteBatch {

    static final String RESOURCE = WriteBatch.class.getName();

    private final Map<BatchedWrites, PendingWrites> stores = new LinkedHashMap<>();
    /** The aggregates whose events are in this batch: every projection keys what it reads by them. */
    private final Set<String> aggregateIds;
    /** Per store and collection: the batch's aggregates' documents as stored when first read (absent: none). */
    private final Map<BatchedWrites, Map<String, Map<String, Document>>> prefetched = new HashMap<>();

    WriteBatch(Set<String> aggregateIds) {
        this.aggregateIds = aggregateIds;
    }

    /** The batch open in the current unit of work, if any. */
    static Optional<WriteBatch> current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        return Optional.ofNullable(CurrentUnitOfWork.get().getResource(RESOURCE));
    }

    PendingWrites pending(BatchedWrites store) {
        return stores.computeIfAbsent(store, s -> new PendingWrites());
    }

    PendingWrites pendingOrNull(BatchedWrites store) {
        return stores.get(store);
    }

    /**
     * The stored document of one of this batch's aggregates, from a single look-up of all of them the first
     * time the collection is read in this batch; empty (not known) for an id that is not one of them.
     */
    Optional<Optional<Document>> prefetched(
            BatchedWrites store,
            String collection,
            String id,
            Function<Collection<String>, Map<String, Document>> load) {
        if (!aggregateIds.contains(id)) {
            return Optional.empty();
        }
        Map<String, Document> loaded = prefetched
                .computeIfAbsent(store, s -> new HashMap<>())
                .computeIfAbsent(collection, c -> load.apply(aggregateIds));
        return Optional.of(Optional.ofNullable(loaded.get(id)));
    }

    /** Drops what the store staged and read ahead in this batch (its collections are being emptied). */
    void forget(BatchedWrites store) {
        PendingWrites pending = stores.get(store);
        if (pending != null) {
            pending.discard();
        }
        prefetched.remove(store);
    }

    /** Writes every store's pending writes, stores in the order they first wrote; throws when a write fails. */
    void flush() {
        stores.forEach(BatchedWrites::flush);
        stores.clear();
    }
}
