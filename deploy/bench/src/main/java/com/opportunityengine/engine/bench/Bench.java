package com.opportunityengine.engine.bench;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.platform.EngineDefaults;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.bson.Document;

/**
 * {@code java -jar deploy/target/opportunity-engine-bench.jar --profile=quick|full --out=FILE}: starts the engine
 * in this JVM on a fresh store and measures, in one run, the raw store (the ceiling) and the engine
 * on it, so every ratio compares figures taken on the same machine at the same time; then, with that
 * engine closed, the cluster figures ({@link ClusterBench}): engine processes started from
 * opportunity-engine.jar beside the bench jar, on one store process. Prints a table and writes JSON.
 * docs/benchmark.md explains each figure.
 */
public final class Bench {

    /** The processing group whose rebuild is timed when the query side is present. */
    static final String REPLAYED_PROJECTION = "opportunity-views";

    /** The read model {@link #REPLAYED_PROJECTION} writes: one document per opportunity. */
    private static final String VIEWS_COLLECTION = "qv_opportunities";

    /** Where the raw rebuild ceiling writes its copies (emptied before each round, dropped after). */
    private static final String RAW_ROWS_COLLECTION = "bench_raw_rows";
    /** The processing groups the query latencies read. */
    static final Set<String> QUERIED_PROJECTIONS = Set.of("funnel", "pipeline");
    /** The processing groups the list reads ({@link ListReads}) read. */
    static final Set<String> LISTED_PROJECTIONS =
            Set.of("opportunity-views", "tasks", "customer-behavior", "customers");
    /** What runs live during the large fill: what the queries and list reads at the large size read. */
    static final Set<String> READ_AT_LARGE = union(QUERIED_PROJECTIONS, LISTED_PROJECTIONS);

    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(20);

    private final BenchProfile profile;
    private final PrintStream console;
    private final List<BenchResult> results = new ArrayList<>();
    private final long started = System.nanoTime();
    private long eventsInLog;

    private Bench(BenchProfile profile, PrintStream console) {
        this.profile = profile;
        this.console = console;
    }

    /** {@code java -jar deploy/target/opportunity-engine-bench.jar [--profile=quick|full|tiny] [--out=FILE] ...} */
    public static void main(String[] args) throws Exception {
        EngineDefaults.disableUpdateChecker();
        try {
            fromCommandLine(args);
        } catch (Exception | Error e) {
            // the engine, the peer's pool and Axon leave threads behind that would keep a failed run alive
            e.printStackTrace();
            System.exit(1);
        }
    }

    public static void fromCommandLine(String[] args) throws Exception {
        String profile = "quick";
        Path out = Path.of("bench.json");
        String peer = null;
        for (String arg : args) {
            if (arg.startsWith("--profile=")) {
                profile = arg.substring("--profile=".length());
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--peer=")) {
                peer = arg.substring("--peer=".length());
            } else {
                System.err.println("usage: bench [--profile=quick|full] [--out=bench.json]"
                        + " [--peer=jdbc:postgresql://HOST:PORT/DB?user=U&password=P]; unknown argument " + arg);
                System.exit(2);
            }
        }
        BenchReport report = run(profile, out, System.out, peer);
        report.printTable(System.out);
        System.out.println("\nJSON written to " + out.toAbsolutePath());
        System.exit(0);
    }

    /** Runs a profile ({@code quick}, {@code full}, {@code tiny}) and writes its JSON to {@code out}. */
    public static BenchReport run(String profileName, Path out, PrintStream console) throws Exception {
        return run(profileName, out, console, null);
    }

    /**
     * As {@link #run(String, Path, PrintStream)}; with a {@code peerJdbcUrl} (a PostgreSQL), the same figures are taken
     * on stock Axon's JDBC engine there too, in the same run ({@link PeerBench}), and compared with the engine's.
     */
    public static BenchReport run(String profileName, Path out, PrintStream console, String peerJdbcUrl)
            throws Exception {
        BenchProfile profile = BenchProfile.named(profileName);
        Bench bench = new Bench(profile, console);
        BenchReport report;
        Machine machine;
        try (EmailDispatchBench email = new EmailDispatchBench();
                EngineUnderTest engine = EngineUnderTest.start(email.engineArguments());
                BenchHttp http = new BenchHttp(engine)) {
            machine = machine(engine, profile);
            bench.measure(engine, http, email);
            if (peerJdbcUrl != null && !peerJdbcUrl.isBlank()) {
                new PeerBench(profile, bench::add, bench::step).run(peerJdbcUrl, engine, bench.engineFigures());
            } else {
                PeerBench.notMeasured(bench::add);
            }
            bench.step("store footprint and start-up");
            StoreFootprint.measure(engine, bench.eventsInLog).forEach(bench::add);
        }
        // then, with the engine of this JVM closed, several engine processes on one store process
        new ClusterBench(profile.cluster(), bench::add, bench::step).run();
        bench.step("done");
        report = new BenchReport(machine, List.copyOf(bench.results));
        report.writeJson(out);
        return report;
    }

    private void measure(EngineUnderTest engine, BenchHttp http, EmailDispatchBench email) throws Exception {
        MongoCollection<Document> events = engine.database().getCollection(MongoEventLogStorageEngine.EVENTS);
        Projections projections = new Projections(engine.eventProcessing(), engine.storageEngine());
        QueryLatency queries = new QueryLatency(http);
        LogFiller filler = new LogFiller(engine.storageEngine());
        CustomerId customer = CommandLoad.registerCustomer(engine.gateway());
        CommandLoad.Client gateway = CommandLoad.gateway(engine.gateway(), customer);
        CommandLoad.Client overHttp = CommandLoad.http(http, customer);

        // one real command: warms the path and gives the shape of an event document
        OpportunityId first = OpportunityId.random();
        gateway.create(first);
        Document template =
                events.find(Filters.eq("aggregateIdentifier", first.toString())).first();

        step("raw ceiling");
        RawStore raw = new RawStore(engine.database(), template);
        long warmUntil = System.nanoTime() + profile.rawWarmup().toNanos();
        do {
            raw.singleDurableWrites(60);
            raw.batchedDurableWrites(2);
            raw.keyReads(1, raw.written());
        } while (System.nanoTime() < warmUntil);
        List<Double> single = new ArrayList<>();
        List<Double> batched = new ArrayList<>();
        for (int r = 0; r < profile.rounds(); r++) {
            single.add(raw.singleDurableWrites(profile.rawRound()));
            batched.add(raw.batchedDurableWrites(profile.rawRound()));
        }
        double rawSingle = Stats.median(single);
        double rawBatched = Stats.median(batched);
        String durability = engine.embedded()
                ? "insertOne with w:majority, j:true (the embedded store forces the write's journal record, or with the"
                        + " journal off commits and syncs, before it answers)"
                : "insertOne with w:majority, j:true";
        add(BenchResult.of(
                "raw.write.single-durable",
                rawSingle,
                "writes/s",
                durability + "; " + raw.documentBytes() + "-byte event documents"));
        add(BenchResult.of(
                "raw.write.batch-100-durable", rawBatched, "documents/s", "insertMany of 100, then durable"));
        List<Double> rawReads = new ArrayList<>();
        for (int r = 0; r < profile.rounds(); r++) {
            rawReads.add(raw.keyReads(1, raw.written()));
        }
        add(BenchResult.of(
                "raw.read.key-100",
                Stats.median(rawReads),
                "documents/s",
                "_id $in batches of 100 over " + raw.written() + " raw documents"));

        // before the fills: the email dispatcher is a streaming processor, paused with the projections further on
        step("email dispatch: " + profile.emails() + " emails to GreenMail");
        add(email.measure(http, engine, profile.emails(), rawSingle));

        step("log fill to " + profile.smallLog() + " events");
        filler.fill(profile.smallOpportunities() - 1, profile.smallLog() - projections.head());
        boolean caughtUp = projections.awaitCaughtUp(CATCH_UP_TIMEOUT);
        boolean querySide = queries.available();
        Optional<QueryLatency.Latency[]> smallQueries = Optional.empty();
        Optional<Map<String, QueryLatency.Latency>> smallLists = Optional.empty();
        List<ListReads.Read> listReads = ListReads.reads(filler.firstCustomer());
        if (querySide && caughtUp) {
            step("queries at " + profile.smallOpportunities() + " opportunities");
            smallQueries = Optional.of(new QueryLatency.Latency[] {
                queries.measure(queries.funnelPath(), profile.queryRequests()),
                queries.measure(queries.pipelinePath(), profile.queryRequests())
            });
            step("list reads at " + profile.smallOpportunities() + " opportunities");
            smallLists = Optional.of(ListReads.measure(queries, listReads, ListReads.requests(profile)));
        }

        String vsRaw = "median of per-round ratios to a raw.write.single-durable round run just before;"
                + " create+advance+contact loop";
        HeapWatch.reset();
        // first the standalone engine as shipped, its projections caught up and live on these cores
        if (projections.any() && caughtUp) {
            step("commands at " + projections.head() + " events, every projection live in this JVM");
            String live = "; the standalone engine: every projection live in this JVM on the same cores and store"
                    + " (each raw round runs once they have caught up)";
            add(commands(gateway, 1, raw, projections)
                    .result("commands.live-projections.gateway.1-client", vsRaw + live));
            add(commands(overHttp, 4, raw, projections)
                    .result("commands.live-projections.http.4-clients", vsRaw + live));
        } else {
            for (String name : List.of("gateway.1-client", "http.4-clients")) {
                add(BenchResult.missing(
                        "commands.live-projections." + name,
                        "commands/s",
                        ">= 0.5",
                        projections.any()
                                ? "the projections did not catch up within " + CATCH_UP_TIMEOUT
                                : "the query side is not in this build"));
            }
        }
        // then the command path alone: a query side deployed on its own keeps its projections off these cores;
        // only the two the queries read catch up on these commands' events (during the large fill below)
        long pausedHead = projections.head();
        step("commands at " + pausedHead + " events, the query side's processors paused");
        projections.stopAllBut(Set.of());
        Paired gateway1 = commands(gateway, 1, raw);
        Paired gateway4 = commands(gateway, 4, raw);
        Paired http1 = commands(overHttp, 1, raw);
        Paired http4 = commands(overHttp, 4, raw);
        String paused = "; the query side's projections paused (the command path alone)";
        add(gateway1.result("commands.gateway.1-client", vsRaw + paused));
        add(gateway4.result("commands.gateway.4-clients", vsRaw + paused));
        add(http1.result("commands.http.1-client", vsRaw + paused));
        add(http4.result("commands.http.4-clients", vsRaw + paused));
        HeapWatch.collectNowMb();
        double commandHeap = HeapWatch.liveAfterGcMb();
        double commandHeapPools = HeapWatch.peakMb();
        add(BenchResult.of(
                "memory.peak-heap.commands",
                commandHeap,
                "MB",
                String.format(
                        Locale.ROOT,
                        "largest heap in use after a GC during the command"
                                + " loads; with garbage (sum of pool peaks) %.0f MB",
                        commandHeapPools)));
        double smallCost = 1000 / gateway1.rate();
        add(BenchResult.of(
                "growth.command-cost.small-log",
                smallCost,
                "ms/command",
                "gateway, 1 client, projections paused, log of " + pausedHead + " events"));

        // the large fill feeds only what the rest of the run reads: the funnel and the pipeline (queries), the views,
        // tasks and customers (list reads); opportunity-views is rebuilt below and the other projections stay paused
        projections.start(READ_AT_LARGE);
        step("log fill to " + profile.largeLog() + " events (projections live: " + projections.running() + ")");
        long fillStarted = System.nanoTime();
        long before = projections.head();
        filler.fill(profile.largeOpportunities() - profile.smallOpportunities(), profile.largeLog() - before);
        long largeHead = projections.head();
        double fillRate = (largeHead - before) / RawStore.seconds(fillStarted);
        add(new BenchResult(
                "log.fill",
                Math.rint(fillRate),
                "events/s",
                Math.round(fillRate / rawBatched * 100) / 100.0,
                null,
                null,
                "the engine's append path in batches of 1,000 (serialise, hash chain, durable);"
                        + " ratio to raw.write.batch-100-durable"));
        caughtUp = projections.awaitCaughtUp(CATCH_UP_TIMEOUT);
        if (projections.any()) {
            add(
                    caughtUp
                            ? BenchResult.of(
                                    "projections.catch-up",
                                    (largeHead - before) / RawStore.seconds(fillStarted),
                                    "events/s",
                                    "the projections the queries and list reads read (" + READ_AT_LARGE
                                            + ") live over the fill: events appended / time from the start of"
                                            + " the fill until all of them reached the head")
                            : BenchResult.missing(
                                    "projections.catch-up",
                                    "events/s",
                                    null,
                                    "not caught up within " + CATCH_UP_TIMEOUT));
        }

        step("commands at " + largeHead + " events, projections paused");
        projections.stopAllBut(Set.of());
        Paired large = commands(gateway, 1, raw);
        // cost relative to the raw write measured next to it, at each size: immune to the load drifting
        double growth = gateway1.ratio() / large.ratio();
        add(new BenchResult(
                "growth.command-cost.large-log",
                Math.round(100_000 / large.rate()) / 100.0,
                "ms/command",
                Math.round(growth * 1000) / 1000.0,
                "<= 1.5",
                Targets.met(growth, "<= 1.5"),
                "log of " + largeHead + " events; ratio: (cost / raw durable write cost) here over the"
                        + " same at the small log; rounds (commands/s : raw writes/s) " + large.rounds()
                        + "; at the small log " + gateway1.rounds()));
        projections.start(READ_AT_LARGE);
        caughtUp = caughtUp && projections.awaitCaughtUp(CATCH_UP_TIMEOUT);

        if (querySide && caughtUp && smallQueries.isPresent()) {
            step("queries at " + profile.largeOpportunities() + " opportunities");
            QueryLatency.Latency funnel = queries.measure(queries.funnelPath(), profile.queryRequests());
            QueryLatency.Latency pipeline = queries.measure(queries.pipelinePath(), profile.queryRequests());
            addQuery("funnel", smallQueries.get()[0], funnel);
            addQuery("pipeline", smallQueries.get()[1], pipeline);
        }
        if (querySide && caughtUp && smallLists.isPresent()) {
            step("list reads at " + profile.largeOpportunities() + " opportunities");
            Map<String, QueryLatency.Latency> largeLists =
                    ListReads.measure(queries, listReads, ListReads.requests(profile));
            smallLists.get().forEach((name, small) -> addList(name, small, largeLists.get(name)));
        } else {
            String why = !querySide
                    ? "the query side is not in this build"
                    : "the projections did not catch up within " + CATCH_UP_TIMEOUT;
            for (ListReads.Read read : listReads) {
                for (String figure : List.of("p50.small", "p99.small", "p50.large", "p99.large")) {
                    add(BenchResult.missing(
                            "list." + read.name() + "." + figure,
                            "ms",
                            figure.endsWith("large") ? "<= 2.0" : null,
                            why));
                }
            }
        }
        if (!(querySide && caughtUp && smallQueries.isPresent())) {
            String why = !querySide
                    ? "the query side (funnel, pipeline) is not in this build"
                    : "the projections did not catch up within " + CATCH_UP_TIMEOUT;
            for (String query : List.of("funnel", "pipeline")) {
                add(BenchResult.missing("query." + query + ".p50.small", "ms", null, why));
                add(BenchResult.missing("query." + query + ".p99.small", "ms", null, why));
                add(BenchResult.missing("query." + query + ".p50.large", "ms", "<= 2.0", why));
                add(BenchResult.missing("query." + query + ".p99.large", "ms", "<= 2.0", why));
            }
        }

        step("replay");
        long head = projections.head();
        eventsInLog = head;
        int slice = (int) Math.min(profile.replayEvents(), head);
        Random random = new Random(11);
        List<Double> rawLog = new ArrayList<>();
        List<Double> streamed = new ArrayList<>();
        // warm-up: one untimed round (a first round of the reader ran at 0.3 of the raw read, later ones at 0.5)
        for (int r = -1; r < profile.rounds(); r++) {
            long after = head - slice <= 0 ? 0 : random.nextLong(head - slice);
            double rawRate = RawStore.keyReads(events, after + 1, slice);
            double streamRate = LogReader.read(engine.storageEngine(), after, slice, payload -> {});
            if (r >= 0) {
                rawLog.add(rawRate);
                streamed.add(streamRate);
            }
        }
        double rawLogRate = Stats.median(rawLog);
        add(BenchResult.of(
                "raw.read.events.key-100",
                rawLogRate,
                "events/s",
                "_id $in batches of 100 over the engine's events collection (" + head + " events)"));
        add(BenchResult.against(
                "replay.event-stream",
                Stats.median(streamed),
                "events/s",
                rawLogRate,
                ">= 0.5",
                "the storage engine's tracking reader (key batches, upcast, payloads deserialised), " + slice
                        + " events a round; ratio to raw.read.events.key-100"));
        Optional<StreamingEventProcessor> projection = projections.processor(REPLAYED_PROJECTION);
        Document viewRow = engine.readModelDatabase()
                .getCollection(VIEWS_COLLECTION)
                .find()
                .first();
        if (projection.isPresent() && viewRow != null) {
            projections.stopAllBut(Set.of());
            long replayed = Math.min(head, profile.rebuildEvents());
            int unitOfWork = engine.property("engine.query.batch-size", Integer.class, 2_000);
            MongoCollection<Document> scratch = engine.readModelDatabase().getCollection(RAW_ROWS_COLLECTION);
            List<Double> ceilings = new ArrayList<>();
            for (int r = 0; r < profile.rounds(); r++) {
                ceilings.add(RawStore.rebuildCeiling(events, scratch, viewRow, 1, replayed, unitOfWork));
            }
            double rawRebuild = Stats.median(ceilings);
            add(BenchResult.of(
                    "raw.rebuild." + REPLAYED_PROJECTION,
                    rawRebuild,
                    "events/s",
                    "the first " + replayed + " events read by _id $in batches of 100; per " + unitOfWork
                            + " events (engine.query.batch-size) one copy of a real qv_opportunities document per"
                            + " opportunity they touched, one unordered bulk of upserts (the read models' write"
                            + " concern); median of " + ceilings.size() + " rounds"));
            double rebuilt = projections.rebuild(projection.get(), replayed, CATCH_UP_TIMEOUT);
            // untimed: the views rebuilt whole again, so that the store's footprint below counts every view
            if (!projections.awaitPosition(projection.get(), head, CATCH_UP_TIMEOUT)) {
                throw new IllegalStateException(REPLAYED_PROJECTION + " did not reach the head after its rebuild");
            }
            projection.get().shutDown();
            add(BenchResult.against(
                    "replay.projection." + REPLAYED_PROJECTION,
                    rebuilt,
                    "events/s",
                    rawRebuild,
                    ">= 0.5",
                    "reset to the start of the log (its read model emptied), then timed until its token passed"
                            + " the first " + replayed + " of " + head + " events, alone; ratio to"
                            + " raw.rebuild.opportunity-views (its own work done raw: the same events read, one"
                            + " document per touched opportunity written per batch); to raw.read.events.key-100: "
                            + Math.round(rebuilt / rawLogRate * 1000) / 1000.0));
        } else {
            add(BenchResult.missing(
                    "raw.rebuild." + REPLAYED_PROJECTION,
                    "events/s",
                    null,
                    "no such processing group in this build, or its read model is empty"));
            add(BenchResult.missing(
                    "replay.projection." + REPLAYED_PROJECTION,
                    "events/s",
                    ">= 0.5",
                    "no such processing group in this build"));
        }

        step("win probability");
        WinProbabilityRun.Retrain retrain = WinProbabilityRun.retrain(engine.storageEngine(), head);
        add(BenchResult.of(
                "winprob.retrain",
                retrain.eventsPerSecond(),
                "events/s",
                "one streaming pass over the " + head + "-event log, " + retrain.tracked()
                        + " opportunities tracked at the end"));
        add(BenchResult.of(
                "winprob.retrain.peak-heap",
                retrain.peakHeapMb(),
                "MB",
                String.format(
                        Locale.ROOT,
                        "largest heap in use after a GC during the pass, whole"
                                + " JVM (engine included); with garbage %.0f MB",
                        retrain.heapWithGarbageMb())));
        WinProbabilityRun.BacktestRun backtest = WinProbabilityRun.backtest(profile.backtestOpportunities());
        add(BenchResult.of(
                "winprob.backtest.weekly-year",
                backtest.seconds(),
                "s",
                profile.backtestOpportunities() + " opportunities, " + backtest.cutoffs() + " weekly cutoffs, "
                        + backtest.rows() + " scored rows"));
    }

    /** The engine's figures the peer's are compared with: the command path alone (projections paused), the replay. */
    private PeerBench.EngineFigures engineFigures() {
        return new PeerBench.EngineFigures(
                value("commands.gateway.1-client"), value("commands.gateway.4-clients"), value("replay.event-stream"));
    }

    private Double value(String name) {
        return results.stream()
                .filter(result -> result.name().equals(name))
                .map(BenchResult::value)
                .findFirst()
                .orElse(null);
    }

    private void addList(String read, QueryLatency.Latency small, QueryLatency.Latency large) {
        String sizes = profile.smallOpportunities() + " vs " + profile.largeOpportunities() + " opportunities";
        String note = " opportunities, over HTTP (ListReads)";
        add(BenchResult.of("list." + read + ".p50.small", small.p50(), "ms", profile.smallOpportunities() + note));
        add(BenchResult.of("list." + read + ".p99.small", small.p99(), "ms", profile.smallOpportunities() + note));
        add(BenchResult.against("list." + read + ".p50.large", large.p50(), "ms", small.p50(), "<= 2.0", sizes));
        add(BenchResult.against("list." + read + ".p99.large", large.p99(), "ms", small.p99(), "<= 2.0", sizes));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> union = new java.util.HashSet<>(a);
        union.addAll(b);
        return Set.copyOf(union);
    }

    private void addQuery(String query, QueryLatency.Latency small, QueryLatency.Latency large) {
        String sizes = profile.smallOpportunities() + " vs " + profile.largeOpportunities() + " opportunities";
        add(BenchResult.of(
                "query." + query + ".p50.small",
                small.p50(),
                "ms",
                profile.smallOpportunities() + " opportunities, over HTTP"));
        add(BenchResult.of(
                "query." + query + ".p99.small",
                small.p99(),
                "ms",
                profile.smallOpportunities() + " opportunities, over HTTP"));
        add(BenchResult.against("query." + query + ".p50.large", large.p50(), "ms", small.p50(), "<= 2.0", sizes));
        add(BenchResult.against("query." + query + ".p99.large", large.p99(), "ms", small.p99(), "<= 2.0", sizes));
    }

    /**
     * Commands/s (median of rounds) and the median of its ratios to the raw round run just before each;
     * {@code rounds} lists each round as commands/s against raw writes/s, for the note.
     */
    private record Paired(double rate, double ratio, String rounds) {
        BenchResult result(String name, String note) {
            return new BenchResult(
                    name,
                    (double) Math.round(rate * 100) / 100,
                    "commands/s",
                    Math.round(ratio * 1000) / 1000.0,
                    ">= 0.5",
                    Targets.met(ratio, ">= 0.5"),
                    note + "; rounds (commands/s : raw writes/s) " + rounds);
        }
    }

    /**
     * Warm-up, then rounds of (raw single durable writes, command load): the machine's load
     * drifts between rounds, so each command round is compared with the raw round next to it.
     */
    private Paired commands(CommandLoad.Client client, int clients, RawStore raw) throws Exception {
        return commands(client, clients, raw, null);
    }

    /**
     * The same with projections live: before each raw round they catch up with the last command round, so
     * that the raw round measures the store's ceiling, not the store shared with projections still at work.
     */
    private Paired commands(CommandLoad.Client client, int clients, RawStore raw, Projections live) throws Exception {
        CommandLoad.run(client, clients, profile.warmup());
        List<Double> rates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        for (int r = 0; r < profile.rounds(); r++) {
            if (live != null && !live.awaitCaughtUp(CATCH_UP_TIMEOUT)) {
                throw new IllegalStateException("the projections did not catch up within " + CATCH_UP_TIMEOUT);
            }
            double rawRate = raw.singleDurableWrites(profile.rawRound());
            double rate = CommandLoad.run(client, clients, profile.round());
            rates.add(rate);
            ratios.add(rate / rawRate);
            rounds.add(String.format(Locale.ROOT, "%.0f : %.0f", rate, rawRate));
        }
        return new Paired(Stats.median(rates), Stats.median(ratios), String.join(", ", rounds));
    }

    private void add(BenchResult result) {
        results.add(result);
        console.printf(
                Locale.ROOT,
                "[bench %6.1f s]   %s = %s %s%s%n",
                (System.nanoTime() - started) / 1e9,
                result.name(),
                result.value(),
                result.unit(),
                result.ratio() == null ? "" : " (ratio " + result.ratio() + ", target " + result.target() + ")");
    }

    private void step(String what) {
        console.printf(Locale.ROOT, "[bench %6.1f s] %s%n", (System.nanoTime() - started) / 1e9, what);
    }

    private static Machine machine(EngineUnderTest engine, BenchProfile profile) {
        Runtime runtime = Runtime.getRuntime();
        return new Machine(
                runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024),
                System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                engine.store(),
                Instant.now().toString(),
                profile.name(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
