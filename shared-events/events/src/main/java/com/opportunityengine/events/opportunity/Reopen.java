package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Opens a lost opportunity again, at the given stage or the stage it was lost at. A converted one cannot be reopened. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record Reopen(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        String reason,
        StageCode stage,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
