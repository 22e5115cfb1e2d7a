package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** An admin's explicit retry of a FAILED or UNKNOWN email. */
public record RetryEmail(@TargetAggregateIdentifier OpportunityId opportunityId, EmailId emailId) {}
