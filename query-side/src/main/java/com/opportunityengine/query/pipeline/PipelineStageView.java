package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.common.Money;
import java.util.List;

/**
 * One open stage of the pipeline: how many open opportunities sit in it, their amounts per currency,
 * the probability used and the weighted amounts (amount x probability) per currency.
 */
record PipelineStageView(
        String stage,
        String name,
        int order,
        double probability,
        long count,
        List<Money> amounts,
        List<Money> weighted) {}
