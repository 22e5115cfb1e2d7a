package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The dispatcher's record of a claim that was never confirmed (its node stopped mid-send). */
public record MarkEmailDeliveryUnknown(
        @TargetAggregateIdentifier OpportunityId opportunityId, EmailId emailId, int attempt) {}
