package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;

/** One opportunity scored at one cutoff: the model's and the default's probability, and how it ended (WON/LOST). */
public record ScoredRow(
        OpportunityId opportunityId,
        Instant cutoff,
        StageCode stage,
        double probability,
        double baselineProbability,
        Basis basis,
        String outcome) {

    int label() {
        return "WON".equals(outcome) ? 1 : 0;
    }
}
