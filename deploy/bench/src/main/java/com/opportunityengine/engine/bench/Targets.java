package com.opportunityengine.engine.bench;

/** Targets as text ({@code ">= 0.5"}, {@code "<= 1.5"}) checked against a ratio. */
final class Targets {

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
