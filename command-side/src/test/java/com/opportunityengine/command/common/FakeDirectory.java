package com.opportunityengine.command.common;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An {@link AggregateDirectory} that knows exactly the aggregates (and histories) it was told about. */
public class FakeDirectory implements AggregateDirectory {

    private final Set<String> known = new HashSet<>();
    private final Map<String, List<Object>> histories = new HashMap<>();

    public FakeDirectory with(String aggregateType, Object aggregateId) {
        known.add(aggregateType + "/" + aggregateId);
        return this;
    }

    /** An aggregate that exists with these events. */
    public FakeDirectory with(String aggregateType, Object aggregateId, Object... events) {
        histories.put(String.valueOf(aggregateId), List.of(events));
        return with(aggregateType, aggregateId);
    }

    @Override
    public boolean exists(String aggregateId, String aggregateType) {
        return known.contains(aggregateType + "/" + aggregateId);
    }

    @Override
    public List<Object> history(String aggregateId) {
        return histories.getOrDefault(aggregateId, List.of());
    }
}
