package com.opportunityengine.query.pipeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Persistence of the pipeline totals: per-opportunity states, per (pipeline, stage, owner, currency) sums, and per
 * owner the open opportunities (with an amount or not) and the last time one was given to them.
 */
interface PipelineTotalsStore {

    Optional<PipelineStored> state(String opportunityId);

    /** Adds {@code count} and {@code amount} (either sign) to one (pipeline, stage, owner, currency) total. */
    void add(String pipeline, String stage, String owner, String currency, long count, BigDecimal amount);

    void save(String opportunityId, long sequence, PipelineState state);

    /** The totals of the given stages of a pipeline, every owner and currency. */
    List<PipelineTotal> totals(String pipeline, List<String> stages);

    /** Every total there is, by pipeline id (the workload sums an owner's pipelines). */
    Map<String, List<PipelineTotal>> allTotals();

    /** Adds {@code delta} (either sign) to the open opportunities an owner holds, whether they have an amount or not. */
    void countOpen(String owner, long delta);

    /** An opportunity was given to {@code owner} at {@code at} (business time); the latest such instant is kept. */
    void assigned(String owner, Instant at);

    /** The load of each of these owners the projection has seen; owners it has not seen are absent. */
    Map<String, OwnerLoad> owners(Collection<String> owners);

    void clear();
}
