package com.opportunityengine.command.assignment;

/** The customer's fields the rules can match on; each may be null. */
public record CustomerTraits(String region, String industry, String size) {

    public static final CustomerTraits UNKNOWN = new CustomerTraits(null, null, null);
}
