package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.util.List;

/** The win probability of one open opportunity at an instant, with the basis it came from and why. */
public record WinProbabilityScore(
        OpportunityId opportunityId,
        PipelineId pipeline,
        StageCode stage,
        Instant at,
        double probability,
        Basis basis,
        double stageProbability,
        double defaultProbability,
        List<String> features,
        String explanation) {}
