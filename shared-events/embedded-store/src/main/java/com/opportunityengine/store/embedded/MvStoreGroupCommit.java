package com.opportunityengine.store.embedded;

import java.util.function.LongConsumer;
import org.h2.mvstore.MVStore;

/**
 * Group commit on the embedded store's MVStore: callers wait, one of them runs
 * {@code commit()} + {@code sync()} for everyone who was waiting when it started, and those who
 * arrive meanwhile wait for the next round. Without it the MVStore commits about once a second
 * and a kill -9 loses the last second of acknowledged writes.
 */
final class MvStoreGroupCommit {

    private final MVStore store;
    private final Object lock = new Object();
    private long requested;
    private long completed;
    private boolean committing;
    private volatile LongConsumer waitObserver = nanos -> {};

    MvStoreGroupCommit(MVStore store) {
        this.store = store;
    }

    /**
     * Blocks until everything written before the call is committed and synced.
     *
     * @throws RuntimeException when the store could not be made durable; the write must then be treated as failed
     */
    void awaitDurable() {
        long started = System.nanoTime();
        try {
            awaitRound();
        } finally {
            waitObserver.accept(System.nanoTime() - started);
        }
    }

    /** Told how long each durable write waited (nanoseconds), for the store's metrics. */
    void observeWaits(LongConsumer observer) {
        this.waitObserver = observer;
    }

    private void awaitRound() {
        long ticket;
        long coveredUpTo;
        synchronized (lock) {
            ticket = ++requested;
            while (true) {
                if (completed >= ticket) {
                    return;
                }
                if (!committing) {
                    committing = true;
                    coveredUpTo = requested;
                    break;
                }
                waitForRound();
            }
        }
        boolean done = false;
        try {
            store.commit();
            store.sync();
            done = true;
        } finally {
            synchronized (lock) {
                committing = false;
                if (done) {
                    completed = Math.max(completed, coveredUpTo);
                }
                lock.notifyAll();
            }
        }
    }

    private void waitForRound() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the store to be durable", e);
        }
    }
}
