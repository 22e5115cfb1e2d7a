package com.opportunityengine.events.opportunity;

import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A contact with the customer took place. */
@Revision("1")
public record ContactLogged(
        OpportunityId opportunityId,
        ContactId contactId,
        ContactChannel channel,
        ContactDirection direction,
        String summary,
        List<String> participants,
        String outcome,
        Instant occurredAt) implements OpportunityEvent {
}
