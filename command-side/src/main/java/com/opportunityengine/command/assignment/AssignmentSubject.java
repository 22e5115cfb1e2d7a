package com.opportunityengine.command.assignment;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.customer.CustomerId;
import java.time.Instant;

/**
 * The opportunity to assign, as the rules see it: its pipeline, source and amount, its customer's
 * region, industry and size (read from the customer's stream only when a rule asks for them), and the
 * business time the assignment happens at (absences are checked against it).
 */
public record AssignmentSubject(
        String pipeline, String source, Money amount, CustomerId customerId, Instant at, CustomerTraits customer) {

    public AssignmentSubject withCustomer(CustomerTraits traits) {
        return new AssignmentSubject(pipeline, source, amount, customerId, at, traits);
    }
}
