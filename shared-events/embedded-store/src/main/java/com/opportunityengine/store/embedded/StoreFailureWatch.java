package com.opportunityengine.store.embedded;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Watches an open embedded store for a failure it cannot come back from in this process: its MVStore closed itself
 * (H2 does after an error writing the file: a full disk, an IO error, an {@code OutOfMemoryError} in its background
 * writer) or its write-ahead journal could not be written. Either way the store's memory may hold writes that were
 * refused to their clients and are not on disk, so nothing may read it any more: the only way back to a state that is
 * exactly what was acknowledged is to open the files again (the journal replayed at start-up). The watch tells its
 * listeners once, with the reason; {@link EmbeddedMongoServer} stops listening and the process that embeds it exits so
 * that its supervisor starts it again.
 */
final class StoreFailureWatch implements AutoCloseable {

    static final long PERIOD_MILLIS = 200;

    private final ScheduledExecutorService timer;
    private final Supplier<Optional<String>> failure;
    private final java.util.List<Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String reported;

    private StoreFailureWatch(Supplier<Optional<String>> failure) {
        this.failure = failure;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-store-failure-watch");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks {@code failure} (empty while the store is healthy or was closed on purpose) every 200 ms. */
    static StoreFailureWatch start(Supplier<Optional<String>> failure) {
        StoreFailureWatch watch = new StoreFailureWatch(failure);
        watch.timer.scheduleWithFixedDelay(watch::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** {@code listener} gets the reason once, on the watch's thread; at once if the failure was already seen. */
    void onFailure(Consumer<String> listener) {
        listeners.add(listener);
        String seen = reported;
        if (seen != null) {
            listener.accept(seen);
        }
    }

    private void check() {
        if (reported != null) {
            return;
        }
        Optional<String> found;
        try {
            found = failure.get();
        } catch (RuntimeException e) {
            found = Optional.of("the store could not be checked: " + e);
        }
        found.ifPresent(reason -> {
            reported = reason;
            timer.shutdown();
            listeners.forEach(listener -> listener.accept(reason));
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
