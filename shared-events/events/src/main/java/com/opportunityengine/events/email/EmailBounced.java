package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A delivery status notification came back for the email: its type, the DSN's status ({@code 5.1.1}) and action. */
@Revision("1")
public record EmailBounced(
        OpportunityId opportunityId, EmailId emailId, BounceType type, String status, String action, Instant occurredAt)
        implements EmailEvent {}
