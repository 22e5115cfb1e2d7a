package com.opportunityengine.query.funnel;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.pipeline.PipelineMeasurementAccess;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Not a test (Surefire does not pick it up): folds N generated opportunities through the funnel and
 * pipeline projection logic ({@link FunnelProjection}, {@code PipelineProjection}) into in-memory stores, bulk-loads
 * the resulting documents into the embedded store (mongo-java-server, memory backend, real driver) in
 * the projections' layout, checks that the store answers what the in-memory model answers, and prints
 * p50/p99 of funnel and pipeline queries against the store. (Feeding event by event through the Mongo
 * store is what the projection does live; it is too slow on a shared 2-core machine for 100k.) Run:
 * {@code java -cp <test classpath> com.opportunityengine.query.funnel.FunnelQueryMeasurement 1000 100000}.
 */
public final class FunnelQueryMeasurement {

    private static final String[] SOURCES = {"web", "fair", "referral", "partner"};

    public static void main(String[] args) {
        List<Integer> sizes = args.length == 0
                ? List.of(1_000, 10_000)
                : Arrays.stream(args).map(Integer::parseInt).toList();
        for (int size : sizes) {
            measure(size);
        }
    }

    static void measure(int opportunities) {
        try (EmbeddedMongo mongo = new EmbeddedMongo()) {
            var database = mongo.database("measure");
            InMemoryFunnelStore memory = new InMemoryFunnelStore();
            FunnelProjection inMemory = new FunnelProjection(memory);
            PipelineMeasurementAccess pipeline = new PipelineMeasurementAccess();
            Random random = new Random(42L);
            long events = 0;
            long started = System.nanoTime();
            for (int n = 1; n <= opportunities; n++) {
                List<OpportunityEvent> history = history(random, n);
                for (int seq = 0; seq < history.size(); seq++) {
                    inMemory.on(history.get(seq), seq);
                    pipeline.on(history.get(seq), seq);
                    events++;
                }
            }
            double feedSeconds = (System.nanoTime() - started) / 1e9;
            long loadStarted = System.nanoTime();
            memory.copyTo(database);
            pipeline.load(database);
            System.out.printf(
                    "%n== %,d opportunities, %,d events folded in %.1f s, loaded into the embedded store in %.1f s%n",
                    opportunities, events, feedSeconds, (System.nanoTime() - loadStarted) / 1e9);
            FunnelQueryService service =
                    new FunnelQueryService(PipelineCatalog.defaultOnly(), new MongoFunnelStore(database));
            FunnelQueryService reference = new FunnelQueryService(PipelineCatalog.defaultOnly(), memory);
            String[][] shapes = {
                {null, null, null, null, null},
                {"2025-04-01", "2025-07-01", "owner-3", null, null},
                {null, null, null, null, "2025-09-15T13:45:10Z"},
                {"2025-03-10", "2025-05-20", "owner-3", "web", "2025-06-01T08:30:00Z"}
            };
            for (String[] q : shapes) {
                if (!service.funnel(null, q[0], q[1], q[2], q[3], q[4])
                        .equals(reference.funnel(null, q[0], q[1], q[2], q[3], q[4]))) {
                    throw new IllegalStateException("the embedded store answers differently for " + Arrays.toString(q));
                }
            }
            if (!pipeline.sameAsInMemory(null) || !pipeline.sameAsInMemory("owner-3")) {
                throw new IllegalStateException("the pipeline totals differ");
            }
            time("funnel: everything", () -> service.funnel(null, null, null, null, null, null));
            time(
                    "funnel: cohort Apr-Jun, one owner",
                    () -> service.funnel(null, "2025-04-01", "2025-07-01", "owner-3", null, null));
            time(
                    "funnel: asOf mid-September",
                    () -> service.funnel(null, null, null, null, null, "2025-09-15T13:45:10Z"));
            time(
                    "funnel: cohort 10 Mar-20 May, owner, source, asOf",
                    () -> service.funnel(null, "2025-03-10", "2025-05-20", "owner-3", "web", "2025-06-01T08:30:00Z"));
            time("pipeline: all owners", () -> pipeline.query(null));
            time("pipeline: one owner", () -> pipeline.query("owner-3"));
        }
    }

    /** An opportunity created during 2025 by one of 20 owners, with up to 6 further events within ~90 days. */
    static List<OpportunityEvent> history(Random random, int n) {
        String created = java.time.Instant.parse("2025-01-01T00:00:00Z")
                .plusSeconds(random.nextInt(365 * 86_400))
                .toString();
        OpportunityHistory h = OpportunityHistory.anOpportunity(n)
                .ownedBy("owner-" + random.nextInt(20))
                .from(SOURCES[random.nextInt(SOURCES.length)])
                .worth(String.valueOf(1000 + random.nextInt(100_000)), random.nextInt(5) == 0 ? "USD" : "CNY")
                .created(java.time.Instant.parse(created));
        java.time.Instant at = java.time.Instant.parse(created);
        int stage = 1;
        boolean lost = false;
        int steps = random.nextInt(7);
        for (int i = 0; i < steps; i++) {
            at = at.plusSeconds(random.nextInt(15 * 86_400));
            int pick = random.nextInt(10);
            if (lost) {
                if (pick < 3) {
                    h.reopened(stage, at);
                    lost = false;
                }
                continue;
            }
            if (pick < 5 && stage < 4) {
                stage = stage + 1 + random.nextInt(4 - stage);
                h.movedTo(stage, at);
            } else if (pick == 5 && stage > 1) {
                stage--;
                h.movedTo(stage, at);
            } else if (pick == 6) {
                h.lost(at);
                lost = true;
            } else if (pick == 7) {
                h.won(at);
                break;
            } else if (pick == 8) {
                h.reassignedTo("owner-" + random.nextInt(20), at);
            }
        }
        return h.events();
    }

    private static void time(String name, Supplier<?> query) {
        for (int i = 0; i < 30; i++) {
            query.get();
        }
        int runs = 200;
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.get();
            micros.add((System.nanoTime() - t) / 1_000);
        }
        micros.sort(Long::compare);
        System.out.printf(
                "%-55s p50 %7.2f ms   p99 %7.2f ms%n",
                name, micros.get(runs / 2) / 1000.0, micros.get(runs * 99 / 100) / 1000.0);
    }
}
