package com.opportunityengine.query.winprobability;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.day;

import com.opportunityengine.testing.OpportunityHistory;

/**
 * The opportunities the learner's tests tell about: website leads worth 1,000 CNY with no expected close date, so that
 * only their stages and days carry signal.
 */
final class Leads {

    /** Only the default pipeline. */
    static final java.util.function.Function<
                    com.opportunityengine.events.pipeline.PipelineId,
                    java.util.Optional<com.opportunityengine.events.pipeline.Pipeline>>
            PIPELINES = id -> id.equals(com.opportunityengine.events.pipeline.PipelineId.DEFAULT)
            ? java.util.Optional.of(com.opportunityengine.events.pipeline.Pipeline.DEFAULT)
            : java.util.Optional.empty();

    private Leads() {}

    /** A lead created at a stage (its order) on a day (from {@link OpportunityHistory#DAY_ZERO}). */
    static OpportunityHistory createdAt(int stage, int day) {
        return anOpportunity()
                .from("website")
                .worth("1000", "CNY")
                .expectedToCloseOn(null)
                .inStage(stage)
                .created(day(day));
    }
}
