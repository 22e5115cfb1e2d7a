package com.opportunityengine.engine.bench;

import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.axonframework.eventhandling.StreamingEventProcessor;

/**
 * Not a test: rebuild rates of the projections over a filled log on the embedded store. Starts the
 * engine, stops every projection, fills the log, then replays each named processing group alone
 * (reset, timed until its token reaches the head), and finally all of them at once; prints events/s
 * and the raw key-read rate of the events collection next to them, and the process's CPU time per 1,000
 * events of each rebuild.
 *
 * <pre>
 * java -cp ... com.opportunityengine.engine.bench.ProjectionRebuildMeasurement 50000 funnel,opportunity-views
 * </pre>
 * Arguments: events in the log (default 50,000); processing groups to replay one by one (default every
 * one, {@code none} for none); {@code alone} to skip replaying all of them together.
 * {@code -Dengine.query.batch-size=N} sets the batch size; {@code -Dopportunities=N} the opportunities the
 * events belong to (default a tenth of the events; the benchmark's large fill has about half).
 */
public final class ProjectionRebuildMeasurement {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 50_000;
        String only = args.length > 1 ? args[1] : "";
        boolean together = args.length <= 2 || !args[2].equals("alone");
        try (EngineUnderTest engine = EngineUnderTest.start()) {
            Projections projections = new Projections(engine.eventProcessing(), engine.storageEngine());
            List<StreamingEventProcessor> all = new ArrayList<>();
            for (var processor : engine.eventProcessing().eventProcessors().values()) {
                if (processor instanceof StreamingEventProcessor streaming) {
                    all.add(streaming);
                    streaming.shutDown();
                }
            }
            LogFiller filler = new LogFiller(engine.storageEngine());
            filler.fill(Integer.getInteger("opportunities", (int) Math.max(1, events / 10)), events);
            long head = projections.head();
            double rawRate =
                    RawStore.keyReads(engine.database().getCollection(MongoEventLogStorageEngine.EVENTS), 1, head);
            print("raw.read.events.key-100", rawRate, head);
            List<String> groups = only.isEmpty()
                    ? all.stream()
                            .map(StreamingEventProcessor::getName)
                            .sorted()
                            .toList()
                    : only.equals("none") ? List.of() : List.of(only.split(","));
            for (String group : groups) {
                StreamingEventProcessor processor = projections
                        .processor(group)
                        .orElseThrow(() -> new IllegalArgumentException("no streaming processor " + group));
                long cpu = processCpuNanos();
                double rate = projections.rebuild(processor, head, TIMEOUT);
                processor.shutDown();
                print("replay." + group, rate, head);
                // CPU time of the whole process (client and embedded server): steadier than the rate when the
                // machine is shared
                System.out.printf(
                        Locale.ROOT,
                        "%-40s %10.1f CPU ms per 1,000 events%n",
                        "replay." + group,
                        (processCpuNanos() - cpu) / 1e6 / (head / 1000.0));
            }
            if (together) {
                long started = System.nanoTime();
                for (StreamingEventProcessor processor : all) {
                    processor.resetTokens();
                    processor.start();
                }
                boolean caughtUp = projections.awaitCaughtUp(TIMEOUT);
                print("replay.all-together" + (caughtUp ? "" : " (timed out)"), head / RawStore.seconds(started), head);
            }
        }
        System.out.println("batch-size " + System.getProperty("engine.query.batch-size", "default"));
        System.exit(0);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void print(String name, double rate, long head) {
        System.out.printf(Locale.ROOT, "%-40s %10.0f events/s (%d events)%n", name, rate, head);
    }

    private ProjectionRebuildMeasurement() {}
}
