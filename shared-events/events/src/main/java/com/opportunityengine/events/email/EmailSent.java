package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The mail server took the email (attempt 0, or a retry's number) under {@code messageId}; logged as {@code contactId}. */
@Revision("1")
public record EmailSent(
        OpportunityId opportunityId,
        EmailId emailId,
        int attempt,
        String messageId,
        ContactId contactId,
        Instant occurredAt)
        implements EmailEvent {}
