package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The mail gateway's reply to an email, matched by its In-Reply-To or References. A null {@code occurredAt} means now. */
public record RecordEmailReply(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        EmailId emailId,
        String replyMessageId,
        Instant occurredAt) {}
