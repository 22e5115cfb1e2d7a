package com.opportunityengine.engine.bench;

/**
 * One figure of a benchmark run.
 *
 * @param name   what was measured, e.g. {@code commands.gateway.1-client}
 * @param value  the figure (a median of rounds unless the name says otherwise)
 * @param unit   its unit, e.g. {@code commands/s}
 * @param ratio  the figure relative to its reference measured in the same run (null without reference)
 * @param target the ratio it should reach, e.g. {@code >= 0.5} (null when there is no target)
 * @param met    whether the ratio reaches the target (null when there is no target)
 * @param note   what the reference is, or why a figure is missing
 */
public record BenchResult(
        String name, Double value, String unit, Double ratio, String target, Boolean met, String note) {

    static BenchResult of(String name, double value, String unit, String note) {
        return new BenchResult(name, round(value), unit, null, null, null, note);
    }

    /** A figure with a reference: {@code ratio = value / reference}, checked against {@code target}. */
    static BenchResult against(String name, double value, String unit, double reference, String target, String note) {
        Double ratio = round(reference == 0 ? Double.NaN : value / reference);
        // judged on the ratio as reported, so that the table and its verdict never disagree (0.49996 shows as 0.5)
        Boolean met = ratio == null ? Targets.met(Double.NaN, target) : Targets.met(ratio, target);
        return new BenchResult(name, round(value), unit, ratio, target, met, note);
    }

    /** A figure that could not be measured in this run, with the reason. */
    static BenchResult missing(String name, String unit, String target, String reason) {
        return new BenchResult(name, null, unit, null, target, null, reason);
    }

    private static Double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        double scale = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 100 : 10_000;
        return Math.round(value * scale) / scale;
    }
}
