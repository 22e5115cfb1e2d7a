package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Asks for an email to the opportunity's customer from a template: {@code templateVersion} null means the latest,
 * {@code to} null the customer's registered email, {@code sendAt} null at once (no earlier than a minute ago).
 * A null {@code occurredAt} means now.
 */
public record RequestEmail(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        EmailId emailId,
        String templateId,
        Integer templateVersion,
        String to,
        Instant sendAt,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
