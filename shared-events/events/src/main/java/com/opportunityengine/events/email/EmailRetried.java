package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** An admin asked for a failed or unknown email to be sent again, as delivery attempt {@code attempt}. */
@Revision("1")
public record EmailRetried(OpportunityId opportunityId, EmailId emailId, int attempt, Instant occurredAt)
        implements EmailEvent {}
