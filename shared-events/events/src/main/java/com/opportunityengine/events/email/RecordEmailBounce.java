package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A delivery status notification for an email, matched by its original Message-ID. */
public record RecordEmailBounce(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        EmailId emailId,
        BounceType type,
        String status,
        String action) {}
