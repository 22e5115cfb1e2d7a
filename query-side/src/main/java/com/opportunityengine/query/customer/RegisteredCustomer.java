package com.opportunityengine.query.customer;

/** A customer the directory knows (registered, or at least updated), and its name if it has one. */
record RegisteredCustomer(String customerId, String name) {}
