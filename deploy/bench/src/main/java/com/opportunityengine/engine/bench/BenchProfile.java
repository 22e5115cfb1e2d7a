package com.opportunityengine.engine.bench;

import java.time.Duration;

/**
 * The sizes of a run.
 *
 * @param name                 quick, full, or tiny (the smoke test's: correctness only)
 * @param rounds               measured rounds per phase (the median is reported)
 * @param warmup               warm-up before each measured phase
 * @param rawWarmup            warm-up of the raw ceiling, the run's first phase: the JIT is still cold then, and
 *                             the raw single durable write roughly triples over its first ten thousand writes (the
 *                             paired raw rounds of the command loads and the growth figure compare against it)
 * @param round                length of one timed round of a command load
 * @param rawRound             length of one round of raw writes (single or batched), also of the raw round paired
 *                             with each command round: the raw single write varies by 30 to 50% between rounds of
 *                             a few hundred writes, so a round is timed, not counted
 * @param smallLog             events in the log for the small measurements (growth, queries)
 * @param smallOpportunities   opportunities among them
 * @param largeLog             events in the log for the large measurements
 * @param largeOpportunities   opportunities in the log then (queries at 100k / 1M)
 * @param replayEvents         events per replay round
 * @param rebuildEvents        events of the projection rebuild (the first ones of the log: a rebuild starts there)
 * @param queryRequests        requests per query latency measurement
 * @param backtestOpportunities opportunities in the win-probability backtest (a year, weekly)
 * @param emails               emails requested and dispatched to GreenMail ({@code email.dispatch.per-second})
 * @param cluster              the sizes of the cluster figures (engine processes on one store process)
 */
record BenchProfile(
        String name,
        int rounds,
        Duration warmup,
        Duration rawWarmup,
        Duration round,
        Duration rawRound,
        int smallLog,
        int smallOpportunities,
        int largeLog,
        int largeOpportunities,
        int replayEvents,
        int rebuildEvents,
        int queryRequests,
        int backtestOpportunities,
        int emails,
        Cluster cluster) {

    /**
     * The sizes of the cluster figures ({@link ClusterBench}).
     *
     * @param clients          HTTP clients of every command round (split evenly between the nodes of a round)
     * @param warmup           load on both command nodes (fresh JVMs: a cold JIT) before the first measured round
     * @param round            one timed round of one layout (one node, two nodes)
     * @param pairs            rounds of each layout, alternated one, two, one, two...: the median of per-pair ratios
     * @param logEvents        events of the log the query nodes catch up with
     * @param logOpportunities opportunities among them
     * @param catchUpPairs     catch-up trials of each layout, alternated one, two...
     */
    record Cluster(
            int clients,
            Duration warmup,
            Duration round,
            int pairs,
            int logEvents,
            int logOpportunities,
            int catchUpPairs) {}

    static BenchProfile named(String name) {
        return switch (name) {
            case "quick" ->
                new BenchProfile(
                        "quick",
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(6),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(1),
                        10_000,
                        1_000,
                        200_000,
                        100_000,
                        20_000,
                        50_000,
                        300,
                        10_000,
                        500,
                        new Cluster(8, Duration.ofSeconds(5), Duration.ofSeconds(4), 3, 10_000, 1_000, 1));
            case "full" ->
                new BenchProfile(
                        "full",
                        5,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(3),
                        10_000,
                        1_000,
                        1_000_000,
                        1_000_000,
                        200_000,
                        1_000_000,
                        1_000,
                        10_000,
                        2_000,
                        new Cluster(8, Duration.ofSeconds(10), Duration.ofSeconds(10), 5, 100_000, 10_000, 2));
            case "tiny" ->
                new BenchProfile(
                        "tiny",
                        2,
                        Duration.ofMillis(200),
                        Duration.ofMillis(200),
                        Duration.ofMillis(300),
                        Duration.ofMillis(100),
                        400,
                        40,
                        1_500,
                        500,
                        300,
                        1_500,
                        10,
                        100,
                        20,
                        new Cluster(8, Duration.ofSeconds(1), Duration.ofSeconds(2), 1, 400, 40, 1));
            default -> throw new IllegalArgumentException("unknown profile " + name + " (quick, full or tiny)");
        };
    }
}
