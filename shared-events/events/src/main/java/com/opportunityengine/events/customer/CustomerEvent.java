package com.opportunityengine.events.customer;

import java.time.Instant;

/** Everything that can happen to a customer. */
public sealed interface CustomerEvent permits CustomerRegistered, CustomerUpdated {

    CustomerId customerId();

    Instant occurredAt();
}
