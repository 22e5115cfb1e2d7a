package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.time.LocalDate;

/** What a pipeline's funnel has seen: its first and last cohort day and its latest business instant. */
record FunnelMeta(LocalDate minCohortDay, LocalDate maxCohortDay, Instant maxOccurredAt) {}
