package com.opportunityengine.engine.bench;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** Reads the log as a tracking processor does, payloads deserialised. */
final class LogReader {

    private LogReader() {}

    /**
     * Streams {@code count} events after position {@code after} from the storage engine, as a
     * tracking processor's reader fetches them (batches by key, upcast, payloads deserialised),
     * handing each payload to {@code handler}: events/s. Not through the event store's
     * {@code openStream}, which may serve recent events from its in-memory tail cache.
     */
    static double read(EventStorageEngine storage, long after, long count, Consumer<Object> handler) {
        long started = System.nanoTime();
        long read;
        try (Stream<? extends TrackedEventMessage<?>> stream =
                storage.readEvents(GapAwareTrackingToken.newInstance(after, List.of()), false)) {
            read = stream.limit(count)
                    .peek(message -> handler.accept(message.getPayload()))
                    .count();
        }
        if (read < count) {
            throw new IllegalStateException("the log ended after " + read + " of " + count + " events");
        }
        return read / RawStore.seconds(started);
    }

    static void feed(Object payload, Consumer<OpportunityEvent> learner) {
        if (payload instanceof OpportunityEvent event) {
            learner.accept(event);
        }
    }
}
