package com.opportunityengine.query.funnel;

/**
 * One stage of the funnel. The contract's fields first (reached, current, advanced, lost,
 * conversionToNext, avgDaysInStage, medianDaysInStage), then the extras: stays started (entered) and
 * completed (exited) in the stage, the days of all completed stays (cumulativeDaysInStage), the
 * opportunities lost while sitting in the stage (lostFromStage, whatever their highest stage was), and
 * backward moves out of it. Ratios and days are null when there is nothing to divide by.
 */
record FunnelStageView(
        String stage,
        String name,
        int order,
        long reached,
        long current,
        long advanced,
        long lost,
        Double conversionToNext,
        Double avgDaysInStage,
        Double medianDaysInStage,
        long entered,
        long exited,
        double cumulativeDaysInStage,
        long lostFromStage,
        long backwardMovesOut) {}
