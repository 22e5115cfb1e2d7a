package com.opportunityengine.events.customer;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** Some customer details changed; only the changed fields are set. */
@Revision("1")
public record CustomerUpdated(
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
