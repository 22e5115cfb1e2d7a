package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A lost opportunity was opened again at a stage. */
@Revision("1")
public record OpportunityReopened(
        OpportunityId opportunityId, String reason, StageCode stage, int stageOrder, Instant occurredAt)
        implements OpportunityEvent {}
