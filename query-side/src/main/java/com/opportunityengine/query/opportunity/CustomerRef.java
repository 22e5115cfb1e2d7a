package com.opportunityengine.query.opportunity;

/** The customer of an opportunity: its id and, when the customer is registered, its name. */
record CustomerRef(String customerId, String name) {}
