package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The email was not sent because its address is suppressed ({@code reason}: UNSUBSCRIBED, HARD_BOUNCE, ...). */
@Revision("1")
public record EmailSuppressed(
        OpportunityId opportunityId, EmailId emailId, int attempt, String reason, Instant occurredAt)
        implements EmailEvent {}
