package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.util.List;

/**
 * The win probability of one open opportunity at an instant, with the basis it came from and why; beside it the
 * simpler answers: the visited-stage rate ({@code stageProbability}), the pipeline's default and the stage order
 * alone (the visited-stage rates made monotone in stage order).
 */
public record WinProbabilityScore(
        OpportunityId opportunityId,
        PipelineId pipeline,
        StageCode stage,
        Instant at,
        double probability,
        Basis basis,
        double stageProbability,
        double defaultProbability,
        double stageOrderProbability,
        List<String> features,
        String explanation) {}
