package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The opportunity moved from one stage to another, forward (possibly skipping) or back. */
@Revision("1")
public record StageChanged(
        OpportunityId opportunityId,
        PipelineId pipeline,
        StageCode fromStage,
        int fromOrder,
        StageCode toStage,
        int toOrder,
        StageDirection direction,
        String reason,
        Instant occurredAt)
        implements OpportunityEvent {}
