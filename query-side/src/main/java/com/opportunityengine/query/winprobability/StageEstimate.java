package com.opportunityengine.query.winprobability;

import com.opportunityengine.events.pipeline.StageCode;

/**
 * What the model knows about one stage: how many opportunities were actually at it ({@code reached}; skipped stages do
 * not count), how those ended (won, lost) or are still open, and P(won | at the stage) with a 95% interval.
 */
public record StageEstimate(
        StageCode stage,
        int order,
        long reached,
        long won,
        long lost,
        long open,
        double defaultProbability,
        double probability,
        double low,
        double high) {}
