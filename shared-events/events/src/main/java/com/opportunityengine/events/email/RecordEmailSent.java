package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The dispatcher's record of an email the mail server took; {@code summary} becomes the contact's summary. */
public record RecordEmailSent(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        EmailId emailId,
        int attempt,
        String messageId,
        String summary) {}
