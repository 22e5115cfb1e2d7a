package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.util.List;

/**
 * The documents one funnel query reads, all by key: summed buckets, and the per-event list of the
 * asOf hour whose entries count up to {@code listCutoff} (inclusive).
 */
record ReadPlan(List<String> sumIds, List<String> listIds, Instant listCutoff) {

    static final ReadPlan EMPTY = new ReadPlan(List.of(), List.of(), null);
}
