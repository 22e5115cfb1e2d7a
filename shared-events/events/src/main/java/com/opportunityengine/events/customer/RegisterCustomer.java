package com.opportunityengine.events.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a customer. A null {@code occurredAt} means now. */
public record RegisterCustomer(
        @TargetAggregateIdentifier CustomerId customerId,
        String name,
        String company,
        String industry,
        String region,
        String size,
        String email,
        String phone,
        Instant occurredAt) {}
