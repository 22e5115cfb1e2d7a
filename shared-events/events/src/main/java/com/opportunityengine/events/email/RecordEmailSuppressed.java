package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The dispatcher's record of an email it did not send because the address was suppressed by then. */
public record RecordEmailSuppressed(
        @TargetAggregateIdentifier OpportunityId opportunityId, EmailId emailId, int attempt, String reason) {}
