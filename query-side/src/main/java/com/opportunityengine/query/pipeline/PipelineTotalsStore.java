package com.opportunityengine.query.pipeline;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Persistence of the pipeline totals: per-opportunity states and per (pipeline, stage, owner, currency) sums. */
interface PipelineTotalsStore {

    Optional<PipelineStored> state(String opportunityId);

    /** Adds {@code count} and {@code amount} (either sign) to one (pipeline, stage, owner, currency) total. */
    void add(String pipeline, String stage, String owner, String currency, long count, BigDecimal amount);

    void save(String opportunityId, long sequence, PipelineState state);

    /** The totals of the given stages of a pipeline, every owner and currency. */
    List<PipelineTotal> totals(String pipeline, List<String> stages);

    void clear();
}
