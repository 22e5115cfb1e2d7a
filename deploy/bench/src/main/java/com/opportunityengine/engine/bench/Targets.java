package com.opportunityengine.engine.bench;

/** Targets as text ({@code ">= 0.5"}, {@code "<= 1.5"}) checked against a ratio. */
final class Targets {

    /** The embedded store's bytes on disk per event in steady state, at most. */
    static final double STORE_BYTES_PER_EVENT_BUDGET = 4096;
    /** {@code store.bytes-per-event}: its ratio to {@link #STORE_BYTES_PER_EVENT_BUDGET}. */
    static final String STORE_BYTES_PER_EVENT = "<= 1.0";
    /** {@code store.start-up.filled}: the store's start on the filled data against a start on an empty folder. */
    static final String STORE_START_UP = "<= 2.0";

    private Targets() {}

    static Boolean met(double ratio, String target) {
        if (target == null || Double.isNaN(ratio)) {
            return null;
        }
        String[] parts = target.trim().split("\\s+");
        double bound = Double.parseDouble(parts[1]);
        return switch (parts[0]) {
            case ">=" -> ratio >= bound;
            case "<=" -> ratio <= bound;
            default -> throw new IllegalArgumentException("unknown target " + target);
        };
    }
}
