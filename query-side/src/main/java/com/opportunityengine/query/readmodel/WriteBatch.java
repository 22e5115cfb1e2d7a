package com.opportunityengine.query.readmodel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The writes staged during one batch of a processor (one {@code BatchingUnitOfWork}), per store. It exists
 * only while {@link FlushAtEndOfBatch} has one open in the current unit of work, which flushes it when the
 * batch's last event has been handled; without one, stores write at once.
 */
final class WriteBatch {

    static final String RESOURCE = WriteBatch.class.getName();

    private final Map<BatchedWrites, PendingWrites> stores = new LinkedHashMap<>();

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

    /** Writes every store's pending writes, stores in the order they first wrote; throws when a write fails. */
    void flush() {
        stores.forEach(BatchedWrites::flush);
        stores.clear();
    }
}
