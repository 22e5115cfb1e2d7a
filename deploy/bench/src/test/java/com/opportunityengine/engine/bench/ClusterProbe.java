package com.opportunityengine.engine.bench;

import com.opportunityengine.platform.EngineDefaults;

/**
 * The cluster figures alone ({@link ClusterBench}), without the rest of the benchmark: {@code ClusterProbe
 * [quick|full|tiny]}. Needs deploy/target/opportunity-engine.jar (built by {@code mvn package}); prints each figure
 * with its note. For looking at the cluster figures between runs of the whole benchmark.
 */
public final class ClusterProbe {

    private ClusterProbe() {}

    public static void main(String[] args) throws Exception {
        EngineDefaults.disableUpdateChecker();
        BenchProfile profile = BenchProfile.named(args.length > 0 ? args[0] : "tiny");
        long started = System.nanoTime();
        new ClusterBench(
                        profile.cluster(),
                        result -> System.out.printf(
                                "[%6.1f s] %s = %s %s%n  %s%n",
                                RawStore.seconds(started), result.name(), result.value(), result.unit(), result.note()),
                        step -> System.out.printf("[%6.1f s] %s%n", RawStore.seconds(started), step))
                .run();
        System.exit(0);
    }
}
