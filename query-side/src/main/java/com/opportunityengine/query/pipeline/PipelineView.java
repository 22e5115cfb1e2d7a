package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.common.Money;
import java.util.List;

/** The answer of {@code GET /api/pipeline}: the open stages in pipeline order, and totals over them per currency. */
record PipelineView(
        String pipeline,
        String owner,
        List<PipelineStageView> stages,
        long count,
        List<Money> amounts,
        List<Money> weighted) {}
