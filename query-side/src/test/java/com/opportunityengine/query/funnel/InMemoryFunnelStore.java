package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The funnel store in maps, for the unit tests of the arithmetic. */
final class InMemoryFunnelStore implements FunnelStore {

    private final Map<String, StoredState> states = new HashMap<>();
    private final Map<String, Map<String, Counters>> sums = new HashMap<>();
    private final Map<String, List<ListedDelta>> lists = new HashMap<>();
    private final Map<String, FunnelMeta> metas = new HashMap<>();

    @Override
    public Optional<StoredState> state(String opportunityId) {
        StoredState s = states.get(opportunityId);
        return s == null ? Optional.empty() : Optional.of(new StoredState(s.sequence(), s.state().copy()));
    }

    @Override
    public void record(String opportunityId, long sequence, FunnelState state, FunnelChange change) {
        FunnelKeys.increments(change).forEach((id, cells) -> {
            Map<String, Counters> doc = sums.computeIfAbsent(id, k -> new LinkedHashMap<>());
            cells.forEach((source, counters) -> doc.computeIfAbsent(source, k -> new Counters()).addAll(counters));
        });
        for (String id : FunnelKeys.listIds(change)) {
            for (CellDelta d : change.deltas()) {
                lists.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new ListedDelta(change.occurredAt(), d.cell(), d.counters().copy()));
            }
        }
        FunnelMeta m = metas.get(change.pipeline());
        Instant at = change.occurredAt();
        metas.put(change.pipeline(), m == null
                ? new FunnelMeta(change.cohortDay(), change.cohortDay(), at)
                : new FunnelMeta(
                        m.minCohortDay().isBefore(change.cohortDay()) ? m.minCohortDay() : change.cohortDay(),
                        m.maxCohortDay().isAfter(change.cohortDay()) ? m.maxCohortDay() : change.cohortDay(),
                        m.maxOccurredAt().isAfter(at) ? m.maxOccurredAt() : at));
        saveState(opportunityId, sequence, state);
    }

    @Override
    public void saveState(String opportunityId, long sequence, FunnelState state) {
        states.put(opportunityId, new StoredState(sequence, state.copy()));
    }

    @Override
    public Optional<FunnelMeta> meta(String pipeline) {
        return Optional.ofNullable(metas.get(pipeline));
    }

    @Override
    public List<Counters> sums(Collection<String> ids, String sourceKey) {
        List<Counters> found = new ArrayList<>();
        for (String id : ids) {
            Counters cell = sums.getOrDefault(id, Map.of()).get(sourceKey);
            if (cell != null) {
                found.add(cell);
            }
        }
        return found;
    }

    @Override
    public List<ListedDelta> listed(Collection<String> ids) {
        List<ListedDelta> found = new ArrayList<>();
        for (String id : ids) {
            found.addAll(lists.getOrDefault(id, List.of()));
        }
        return found;
    }

    @Override
    public void clear() {
        states.clear();
        sums.clear();
        lists.clear();
        metas.clear();
    }
}
