package com.opportunityengine.query.customer;

import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the customer directory ({@link CustomerDirectoryStore}): who the customers are (no e-mail or phone). */
@Component
@ProcessingGroup(CustomerDirectoryProjection.GROUP)
class CustomerDirectoryProjection {

    static final String GROUP = "customers";

    private final CustomerDirectoryStore directory;

    CustomerDirectoryProjection(CustomerDirectoryStore directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber Long sequence) {
        directory.register(event, sequence);
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber Long sequence) {
        directory.update(event, sequence);
    }

    @ResetHandler
    void reset() {
        directory.clear();
    }
}
