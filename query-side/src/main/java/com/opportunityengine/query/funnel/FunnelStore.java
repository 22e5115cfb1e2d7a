package com.opportunityengine.query.funnel;

import java.util.Collection;
import java.util.List;
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

    /** The counters of one source cell ({@link FunnelCell#ALL} for all) in each of the summed documents that exist. */
    List<Counters> sums(Collection<String> ids, String sourceKey);

    List<ListedDelta> listed(Collection<String> ids);

    void clear();
}
