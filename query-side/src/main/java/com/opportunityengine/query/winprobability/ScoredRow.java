package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;

/**
 * One opportunity scored at one cutoff: the model's probability and the baselines' (the stage's default, the stage
 * order alone, the visited-stage rate; all as known at the cutoff), and how it ended (WON/LOST).
 */
public record ScoredRow(
        OpportunityId opportunityId,
        Instant cutoff,
        StageCode stage,
        double probability,
        double baselineProbability,
        double stageOrderProbability,
        double visitedStageRate,
        Basis basis,
        String outcome) {

    int label() {
        return "WON".equals(outcome) ? 1 : 0;
    }
}
