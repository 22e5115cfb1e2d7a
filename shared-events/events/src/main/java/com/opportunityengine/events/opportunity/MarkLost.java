package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Closes an open opportunity as lost. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record MarkLost(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        String reason,
        String competitor,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
