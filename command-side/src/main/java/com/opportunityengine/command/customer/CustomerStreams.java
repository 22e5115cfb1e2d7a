package com.opportunityengine.command.customer;

import com.opportunityengine.events.customer.CustomerEvent;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/** Reads a customer's stream from the event store and folds it ({@link CustomerState}), for features beside the aggregate. */
public final class CustomerStreams {

    private CustomerStreams() {}

    /**
     * The customer as its stream says now, read from its first event (past any snapshot); empty when there is no
     * such customer. What assignment matches on and what emails are addressed with.
     */
    public static Optional<CustomerState> current(EventStore eventStore, String customerId) {
        CustomerState state = CustomerState.initial();
        DomainEventStream stream = eventStore.readEvents(customerId, 0);
        while (stream.hasNext()) {
            if (stream.next().getPayload() instanceof CustomerEvent event) {
                state = state.apply(event);
            }
        }
        return state.customerId() == null ? Optional.empty() : Optional.of(state);
    }
}
