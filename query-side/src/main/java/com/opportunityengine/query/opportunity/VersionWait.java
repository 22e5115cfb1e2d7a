package com.opportunityengine.query.opportunity;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Read-your-writes for eventually consistent views: polls a view until it has applied a given
 * aggregate version, for at most a bounded time.
 */
final class VersionWait {

    private static final Duration POLL = Duration.ofMillis(25);

    private VersionWait() {}

    /**
     * @param read       reads the view (empty when the view does not exist yet)
     * @param version    the version the view has applied
     * @param minVersion the version asked for, or null for "whatever there is now"
     * @return the view once it has applied {@code minVersion}; empty when it does not exist;
     *         {@link Behind} when the wait ran out
     */
    static <T> Optional<T> await(
            Supplier<Optional<T>> read, ToLongFunction<T> version, Long minVersion, Duration timeout) throws Behind {
        Optional<T> view = read.get();
        if (minVersion == null) {
            return view;
        }
        // a wall-clock-independent deadline: this bounds a wait, it decides nothing about the business
        long deadline = System.nanoTime() + timeout.toNanos();
        while (view.isEmpty() || version.applyAsLong(view.get()) < minVersion) {
            if (System.nanoTime() - deadline >= 0) {
                throw new Behind();
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new Behind();
            }
            view = read.get();
        }
        return view;
    }

    /** The view did not reach the version in time. */
    static final class Behind extends Exception {
        Behind() {
            super(null, null, false, false);
        }
    }
}
