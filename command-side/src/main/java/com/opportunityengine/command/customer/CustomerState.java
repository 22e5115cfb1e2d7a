package com.opportunityengine.command.customer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opportunityengine.events.customer.CustomerEvent;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import java.time.Instant;

/**
 * A customer as its events made it: the one fold of a customer's stream. Immutable, free of
 * Axon, Jackson-serialisable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CustomerState(
        CustomerId customerId,
        String name,
        String company,
        String industry,
        String region,
        String size,
        String email,
        String phone,
        Instant registeredAt,
        Instant lastOccurredAt) {

    public static CustomerState initial() {
        return new CustomerState(null, null, null, null, null, null, null, null, null, null);
    }

    public static CustomerState fold(Iterable<? extends CustomerEvent> events) {
        CustomerState state = initial();
        for (CustomerEvent event : events) {
            state = state.apply(event);
        }
        return state;
    }

    /** The state after one more event; never checks a rule. */
    public CustomerState apply(CustomerEvent event) {
        if (event instanceof CustomerRegistered e) {
            return new CustomerState(
                    e.customerId(),
                    e.name(),
                    e.company(),
                    e.industry(),
                    e.region(),
                    e.size(),
                    e.email(),
                    e.phone(),
                    e.occurredAt(),
                    e.occurredAt());
        } else if (event instanceof CustomerUpdated e) {
            return new CustomerState(
                    customerId,
                    or(e.name(), name),
                    or(e.company(), company),
                    or(e.industry(), industry),
                    or(e.region(), region),
                    or(e.size(), size),
                    or(e.email(), email),
                    or(e.phone(), phone),
                    registeredAt,
                    e.occurredAt());
        }
        throw new IllegalStateException("no fold for " + event.getClass().getName());
    }

    private static String or(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
