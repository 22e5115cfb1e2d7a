package com.opportunityengine.command.assignment;

import com.opportunityengine.events.customer.CustomerId;

/** The region, industry and size of a customer as its own stream records them. */
@FunctionalInterface
public interface CustomerTraitsSource {

    CustomerTraits of(CustomerId customerId);
}
