package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A dispatcher claimed the email and never confirmed what the mail server said (it stopped mid-send): it may or
 * may not have left. Never sent again by itself; an admin may retry it ({@link EmailRetried}).
 */
@Revision("1")
public record EmailDeliveryUnknown(OpportunityId opportunityId, EmailId emailId, int attempt, Instant occurredAt)
        implements EmailEvent {}
