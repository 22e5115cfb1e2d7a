package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The customer answered the email (the reply's {@code replyMessageId}); logged as the inbound {@code contactId}. */
@Revision("1")
public record EmailReplyReceived(
        OpportunityId opportunityId, EmailId emailId, String replyMessageId, ContactId contactId, Instant occurredAt)
        implements EmailEvent {}
