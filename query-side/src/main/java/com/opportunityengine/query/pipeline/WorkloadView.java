package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import java.util.List;

/**
 * The answer to {@code GET /api/assignment/workload}: the team's members by user id, and their sums. {@code at} is
 * the instant absences were read against; the counts are the pipeline projection's (see its lag).
 */
record WorkloadView(
        String teamId,
        Instant at,
        List<MemberWorkload> members,
        long openOpportunities,
        List<Money> pipeline,
        List<Money> weightedPipeline) {}
