package com.opportunityengine.query.winprobability;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/opportunities/{id}/win-probability}: the probability at {@code asOf} (now when not asked), the
 * basis it came from ({@code STAGE_DEFAULT}, {@code STAGE_RATE}, {@code FEATURES}, or {@code OUTCOME} once closed),
 * the stage's learned and default probabilities, the feature groups used, and why, in a sentence or two.
 */
record OpportunityProbabilityView(
        String opportunityId,
        String pipeline,
        String stage,
        String status,
        Instant asOf,
        Double probability,
        String basis,
        Double stageProbability,
        Double defaultProbability,
        List<String> features,
        String explanation) {}
