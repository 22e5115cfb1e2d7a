package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The answer of {@code GET /api/funnel}. */
record FunnelView(
        String pipeline,
        Instant asOf,
        LocalDate from,
        LocalDate to,
        String owner,
        String source,
        List<FunnelStageView> stages,
        FunnelOverallView overall) {}
