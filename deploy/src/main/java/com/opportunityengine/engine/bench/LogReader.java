package com.opportunityengine.engine.bench;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Reads the log as a tracking processor does: Axon's {@link EventStore#openStream}, payloads deserialised. */
final class LogReader {

    private LogReader() {
    }

    /**
     * Streams {@code count} events after position {@code after}, handing each payload to
     * {@code handler}: events/s.
     */
    static double read(EventStore store, long after, long count, Consumer<Object> handler) throws InterruptedException {
        long started = System.nanoTime();
        long read = 0;
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     store.openStream(GapAwareTrackingToken.newInstance(after, List.of()))) {
            while (read < count) {
                if (!stream.hasNextAvailable(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the log ended after " + read + " of " + count + " events");
                }
                handler.accept(stream.nextAvailable().getPayload());
                read++;
            }
        }
        return read / RawStore.seconds(started);
    }

    static void feed(Object payload, Consumer<OpportunityEvent> learner) {
        if (payload instanceof OpportunityEvent event) {
            learner.accept(event);
        }
    }
}
