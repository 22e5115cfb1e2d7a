package com.opportunityengine.query.funnel;

import java.util.Map;
import java.util.TreeMap;

/**
 * A sparse vector of named long counters: an opportunity's contribution to the funnel, the
 * difference between two contributions, or the sum of many. Zero entries are dropped, so the
 * difference of two equal vectors is empty. Names never contain '.' (they become Mongo field names).
 */
final class Counters {

    private final TreeMap<String, Long> values = new TreeMap<>();

    static Counters of(Map<String, ? extends Number> values) {
        Counters counters = new Counters();
        values.forEach((name, value) -> counters.add(name, value.longValue()));
        return counters;
    }

    Counters add(String name, long delta) {
        if (delta != 0) {
            values.merge(name, delta, Long::sum);
            if (values.get(name) == 0L) {
                values.remove(name);
            }
        }
        return this;
    }

    Counters addAll(Counters other) {
        other.values.forEach(this::add);
        return this;
    }

    Counters subtractAll(Counters other) {
        other.values.forEach((name, value) -> add(name, -value));
        return this;
    }

    Counters copy() {
        return new Counters().addAll(this);
    }

    static Counters difference(Counters after, Counters before) {
        return after.copy().subtractAll(before);
    }

    long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    Map<String, Long> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Counters other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
