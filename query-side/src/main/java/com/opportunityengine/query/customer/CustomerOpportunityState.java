package com.opportunityengine.query.customer;

import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What customer behaviour needs to know of one opportunity: its customer, status, creation and close
 * (business time), its contacts and its last activity. Plain state folded from events; an already
 * applied sequence number changes nothing.
 */
final class CustomerOpportunityState {

    String opportunityId;
    String customerId;
    OpportunityStatus status;
    Instant createdAt;
    Instant closedAt;
    Instant lastActivityAt;
    final List<ContactRecord> contacts = new ArrayList<>();
    long version = -1;
    /** Whether the last event applied was the opportunity's creation (not stored): its id joins its customer's. */
    boolean createdNow;

    boolean apply(OpportunityEvent event, long sequence) {
        if (sequence <= version) {
            return false;
        }
        createdNow = event instanceof OpportunityCreated;
        if (event instanceof OpportunityCreated e) {
            opportunityId = e.opportunityId().toString();
            customerId = e.customerId() == null ? null : e.customerId().toString();
            status = OpportunityStatus.OPEN;
            createdAt = e.occurredAt();
        } else if (event instanceof ContactLogged e) {
            contacts.add(new ContactRecord(e.contactId().toString(), e.occurredAt(), e.channel(), e.direction()));
        } else if (event instanceof OpportunityLost e) {
            status = OpportunityStatus.LOST;
            closedAt = e.occurredAt();
        } else if (event instanceof OpportunityConverted e) {
            status = OpportunityStatus.WON;
            closedAt = e.occurredAt();
        } else if (event instanceof OpportunityReopened) {
            status = OpportunityStatus.OPEN;
            closedAt = null;
        }
        if (lastActivityAt == null || event.occurredAt().isAfter(lastActivityAt)) {
            lastActivityAt = event.occurredAt();
        }
        version = sequence;
        return true;
    }
}
