package com.opportunityengine.events.email;

/** Where an email's address came from: the customer's registered email, or the request's {@code to}. */
public enum RecipientSource {
    CUSTOMER,
    EXPLICIT
}
