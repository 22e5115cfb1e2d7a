package com.opportunityengine.query.customer;

import java.time.Instant;

/**
 * The answer to {@code GET /api/customers/{id}/behavior}. Days are fractional (2 decimals), the win
 * rate has 4 decimals; each is null when there is nothing to measure yet.
 */
record CustomerBehavior(
        String customerId,
        String name,
        OpportunityCounts opportunities,
        Double winRate,
        ContactStatistics contacts,
        Double medianDaysBetweenContacts,
        Double avgCycleDays,
        Instant lastActivityAt) {}
