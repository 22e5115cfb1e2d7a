package com.opportunityengine.events.customer;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Changes a customer's details; null fields stay as they are. */
public record UpdateCustomer(
        @TargetAggregateIdentifier CustomerId customerId,
        String name,
        String company,
        String industry,
        String region,
        String size,
        String email,
        String phone,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
