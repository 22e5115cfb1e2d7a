package com.opportunityengine.query.customer;

import java.time.Instant;

import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;

/** One contact with a customer, as behaviour statistics need it. */
record ContactRecord(String contactId, Instant occurredAt, ContactChannel channel, ContactDirection direction) {
}
