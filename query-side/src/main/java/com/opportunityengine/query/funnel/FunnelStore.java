package com.opportunityengine.query.funnel;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Persistence of the funnel read model: per-opportunity states, delta documents, lists, meta. */
interface FunnelStore {

    Optional<StoredState> state(String opportunityId);

    /**
     * Files a change under its keys (summed documents, hour lists, the pipeline's meta), then saves the
     * opportunity's new state and sequence.
     */
    void record(String opportunityId, long sequence, FunnelState state, FunnelChange change);

    /** Saves a state whose event changed no counter. */
    void saveState(String opportunityId, long sequence, FunnelState state);

    Optional<FunnelMeta> meta(String pipeline);

    /** The summed documents that exist among the ids: cell to counters, all cells together. */
    List<Map<FunnelCell, Counters>> sums(Collection<String> ids);

    List<ListedDelta> listed(Collection<String> ids);

    void clear();
}
