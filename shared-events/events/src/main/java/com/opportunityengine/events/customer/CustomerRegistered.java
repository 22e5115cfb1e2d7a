package com.opportunityengine.events.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A customer was registered. */
@Revision("1")
public record CustomerRegistered(
        CustomerId customerId,
        String name,
        String company,
        String industry,
        String region,
        String size,
        String email,
        String phone,
        Instant occurredAt)
        implements CustomerEvent {}
