package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Moves an open opportunity to another stage of its pipeline: forward moves may skip stages, a backward move needs a reason. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record AdvanceStage(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        StageCode stage,
        String reason,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
