package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import java.util.List;

/**
 * One member of a team as assignment sees them: whether they can be given opportunities at all ({@code candidate}:
 * a sales role and an active account), what they hold open (every open opportunity, and the amounts per currency,
 * raw and weighted by the stage's win probability, as {@code GET /api/pipeline} weighs them), their capacity
 * ({@code maxOpen} and what is left of it; null for no limit), whether they are away now and until when, and when
 * they were last given an opportunity (business time).
 */
record MemberWorkload(
        String userId,
        String displayName,
        List<String> roles,
        boolean active,
        boolean candidate,
        long openOpportunities,
        List<Money> pipeline,
        List<Money> weightedPipeline,
        Integer maxOpen,
        Integer remainingCapacity,
        boolean atCapacity,
        boolean absentNow,
        Instant absentUntil,
        Instant lastAssignedAt) {}
