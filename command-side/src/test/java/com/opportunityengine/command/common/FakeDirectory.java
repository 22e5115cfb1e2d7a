package com.opportunityengine.command.common;

import java.util.HashSet;
import java.util.Set;

/** An {@link AggregateDirectory} that knows exactly the aggregates it was told about. */
public class FakeDirectory implements AggregateDirectory {

    private final Set<String> known = new HashSet<>();

    public FakeDirectory with(String aggregateType, Object aggregateId) {
        known.add(aggregateType + "/" + aggregateId);
        return this;
    }

    @Override
    public boolean exists(String aggregateId, String aggregateType) {
        return known.contains(aggregateType + "/" + aggregateId);
    }
}
