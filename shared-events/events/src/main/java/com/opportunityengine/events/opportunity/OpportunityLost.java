package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The opportunity was lost while at a stage. */
@Revision("1")
public record OpportunityLost(
        OpportunityId opportunityId,
        String reason,
        String competitor,
        StageCode stage,
        int stageOrder,
        Instant occurredAt)
        implements OpportunityEvent {}
