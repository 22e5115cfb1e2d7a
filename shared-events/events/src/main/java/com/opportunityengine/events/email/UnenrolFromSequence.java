package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Takes the opportunity out of its active sequence; refused when none is active. A null {@code occurredAt} means now. */
public record UnenrolFromSequence(@TargetAggregateIdentifier OpportunityId opportunityId, Instant occurredAt) {}
