package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The dispatcher's record of an email the mail server refused or could not take. */
public record RecordEmailFailed(
        @TargetAggregateIdentifier OpportunityId opportunityId, EmailId emailId, int attempt, String smtpReply) {}
