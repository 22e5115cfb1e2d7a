package com.opportunityengine.query.customer;

import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import java.time.Instant;

/** One contact with a customer, as behaviour statistics need it. */
record ContactRecord(String contactId, Instant occurredAt, ContactChannel channel, ContactDirection direction) {}
