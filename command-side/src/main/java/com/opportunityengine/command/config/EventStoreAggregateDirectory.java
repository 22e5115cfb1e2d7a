package com.opportunityengine.command.config;

import com.opportunityengine.command.common.AggregateDirectory;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * {@link AggregateDirectory} on Axon's event store: an aggregate exists when its stream has a
 * first event recorded for that aggregate type. Reads the stream from sequence 0, past any
 * snapshot (no snapshot look-up), and only its first event: one small key look-up; no second
 * store to keep in step.
 */
class EventStoreAggregateDirectory implements AggregateDirectory {

    private final EventStore eventStore;

    EventStoreAggregateDirectory(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public boolean exists(String aggregateId, String aggregateType) {
        DomainEventStream stream = eventStore.readEvents(aggregateId, 0);
        if (!stream.hasNext()) {
            return false;
        }
        DomainEventMessage<?> first = stream.next();
        return aggregateType.equals(first.getType());
    }

    @Override
    public List<Object> history(String aggregateId) {
        List<Object> payloads = new ArrayList<>();
        eventStore.readEvents(aggregateId, 0).forEachRemaining(event -> payloads.add(event.getPayload()));
        return payloads;
    }
}
