package com.opportunityengine.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the engine knows of its store's health from its own traffic: a {@link CommandListener} on the driver that
 * remembers the last write the store could not make (lost connection, no server selectable in time, a store that
 * refuses writes, such as a full disk or an embedded store that closed itself) until a later write succeeds.
 *
 * <p>{@link #isStoreFault} tells a failure of the store from a failure of the request: it is what the problem advice
 * answers with 503 and {@code Retry-After} instead of 500. A duplicate key is the request's own conflict, never a
 * store fault.
 */
public final class StoreFaults implements CommandListener {

    private static final Set<String> WRITES =
            Set.of("insert", "update", "delete", "findAndModify", "findandmodify", "bulkWrite", "createIndexes");

    /** The last write that failed, while no write has succeeded since. */
    public record Failure(Instant since, String command, String error) {}

    private final Clock clock;
    private final AtomicReference<Failure> failing = new AtomicReference<>();

    public StoreFaults(Clock clock) {
        this.clock = clock;
    }

    /** The failing write, while the store has not taken one since. */
    public Optional<Failure> failing() {
        return Optional.ofNullable(failing.get());
    }

    @Override
    public void commandSucceeded(CommandSucceededEvent event) {
        if (WRITES.contains(event.getCommandName())) {
            failing.set(null);
        }
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        if (WRITES.contains(event.getCommandName()) && isStoreFault(event.getThrowable())) {
            failing.compareAndSet(
                    null,
                    new Failure(
                            clock.instant(),
                            event.getCommandName(),
                            event.getThrowable().getClass().getSimpleName() + ": "
                                    + event.getThrowable().getMessage()));
        }
    }

    /**
     * Whether a failure, or one of its causes, is the store's: any driver exception (connection, timeout, a write
     * concern not met, an error the server answers) but a duplicate key.
     */
    public static boolean isStoreFault(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof MongoWriteException write) {
                return write.getError().getCategory() != ErrorCategory.DUPLICATE_KEY;
            }
            if (current instanceof MongoBulkWriteException bulk) {
                return bulk.getWriteErrors().stream()
                        .noneMatch(
                                error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            }
            if (current instanceof MongoServerException server) {
                return ErrorCategory.fromErrorCode(server.getCode()) != ErrorCategory.DUPLICATE_KEY;
            }
            if (current instanceof MongoException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
