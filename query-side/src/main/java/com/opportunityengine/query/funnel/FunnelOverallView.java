package com.opportunityengine.query.funnel;

/** The cohort as a whole, plus close-date pushes and backward moves (extras). */
record FunnelOverallView(
        long created,
        long won,
        long lost,
        long open,
        Double winRate,
        Double avgCycleDays,
        long closeDatePushes,
        long backwardMoves) {}
