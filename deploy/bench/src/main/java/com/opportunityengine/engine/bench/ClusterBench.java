package com.opportunityengine.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bson.Document;

/**
 * The cluster figures: several engine processes ({@link EngineProcesses}, started from the engine's jar) on one
 * store process, the layouts measured back to back in alternated rounds so that the machine's drift hits both.
 * <ul>
 *   <li>{@code cluster.commands.two-nodes-vs-one}: the HTTP command loop of {@code commands.http.*} (create, advance
 *       stage, log contact) from several clients against one command node, then split evenly over two; value: the
 *       median of the per-pair ratios two / one of commands/s.
 *   <li>{@code cluster.commands.one-opportunity.two-nodes}: the clients all log contacts on one opportunity (a fresh
 *       one each round), against one node, then split over two: every append races the others' on one aggregate.
 *   <li>{@code cluster.catch-up.two-query-nodes-vs-one}: a log of the profile's size copied to a fresh database per
 *       trial (the event log and the command side's collections, no read model, no token), then one query node, or
 *       two started together, timed from their launch until every projection is at lag 0 and running; value: one
 *       node's seconds / two nodes' seconds.
 * </ul>
 * docs/benchmark.md, "Cluster figures", says what each measures and what to expect on two cores.
 */
final class ClusterBench {

    private static final Duration NODE_START = Duration.ofMinutes(3);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofMillis(500);

    private static final String COMMAND_DATABASE = "bench_cluster_commands";
    private static final String LOG_DATABASE = "bench_cluster_log";
    private static final String TRIAL_DATABASE = "bench_cluster_catchup_";

    private final BenchProfile.Cluster sizes;
    private final Consumer<BenchResult> add;
    private final Consumer<String> step;
    private final ObjectMapper json = new ObjectMapper();
    private final int cores = Runtime.getRuntime().availableProcessors();

    ClusterBench(BenchProfile.Cluster sizes, Consumer<BenchResult> add, Consumer<String> step) {
        this.sizes = sizes;
        this.add = add;
        this.step = step;
    }

    void run() throws Exception {
        try (EngineProcesses processes = EngineProcesses.create()) {
            step.accept("cluster: engine processes from " + processes.jar() + ", a store process");
            EngineProcesses.Node store = processes.store();
            commands(processes, store);
            catchUp(processes, store);
        }
    }

    // ---------------------------------------------------------------------------------------------- commands

    private void commands(EngineProcesses processes, EngineProcesses.Node store) throws Exception {
        step.accept("cluster: two command nodes on the store process");
        // started together; the first makes the admin user and its key on the empty database, the second makes none
        EngineProcesses.Node a = processes.node("command", "bench-command-a", store.mongoUri(), COMMAND_DATABASE);
        EngineProcesses.Node b = processes.node(
                "command",
                "bench-command-b",
                store.mongoUri(),
                COMMAND_DATABASE,
                "--engine.security.bootstrap-admin=false");
        a.awaitUp("/actuator/health", NODE_START);
        b.awaitUp("/actuator/health", NODE_START);
        // written before the node answers health
        Path key = a.dataDir().resolve("admin.key");
        String authorization = "Bearer " + Files.readString(key).trim();
        try (BenchHttp toA = new BenchHttp(a::uri, () -> authorization);
                BenchHttp toB = new BenchHttp(b::uri, () -> authorization)) {
            CustomerId customer = registerCustomer(toA);
            CommandLoad.Client onA = CommandLoad.http(toA, customer);
            CommandLoad.Client onB = CommandLoad.http(toB, customer);
            int clients = sizes.clients();
            List<CommandLoad.Client> one = Collections.nCopies(clients, onA);
            List<CommandLoad.Client> two = split(clients, onA, onB);
            List<BenchHttp> nodes = List.of(toA, toB);

            step.accept("cluster: " + clients + " HTTP clients, one command node vs two");
            CommandLoad.run(two, sizes.warmup());
            List<Double> oneRates = new ArrayList<>();
            List<Double> twoRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            long oneRetries = 0;
            long twoRetries = 0;
            for (int pair = 0; pair < sizes.pairs(); pair++) {
                long before = retries(nodes);
                double oneRate = CommandLoad.run(one, sizes.round());
                long between = retries(nodes);
                double twoRate = CommandLoad.run(two, sizes.round());
                long after = retries(nodes);
                oneRetries += between - before;
                twoRetries += after - between;
                oneRates.add(oneRate);
                twoRates.add(twoRate);
                ratios.add(twoRate / oneRate);
            }
            add.accept(BenchResult.of(
                    "cluster.commands.two-nodes-vs-one",
                    Stats.median(ratios),
                    "ratio two/one",
                    String.format(
                                    Locale.ROOT,
                                    "median of per-pair ratios of commands/s; %d HTTP clients looping create → advance"
                                            + " stage → log contact against one command node, then %d + %d against"
                                            + " two (each its own JVM, -Xmx512m, one store process); %d alternated"
                                            + " pairs of %s rounds after %s on both; one node %s (median %.0f)"
                                            + " commands/s, two nodes %s (median %.0f); engine conflict retries %s"
                                            + " (one) / %s (two); %d cores shared by store, nodes and clients",
                                    clients,
                                    (clients + 1) / 2,
                                    clients / 2,
                                    sizes.pairs(),
                                    seconds(sizes.round()),
                                    seconds(sizes.warmup()),
                                    rates(oneRates),
                                    Stats.median(oneRates),
                                    rates(twoRates),
                                    Stats.median(twoRates),
                                    count(oneRetries),
                                    count(twoRetries),
                                    cores)
                            .replace("→", "->")));

            step.accept("cluster: " + clients + " HTTP clients racing on one opportunity, one command node vs two");
            List<BenchHttp> raceOne = Collections.nCopies(clients, toA);
            List<BenchHttp> raceTwo = split(clients, toA, toB);
            CommandLoad.contactRace(raceTwo, opportunity(toA, customer), sizes.warmup());
            List<Double> oneRace = new ArrayList<>();
            List<Double> twoRace = new ArrayList<>();
            List<Double> raceRatios = new ArrayList<>();
            long oneResends = 0;
            long twoResends = 0;
            long oneContacts = 0;
            long twoContacts = 0;
            oneRetries = 0;
            twoRetries = 0;
            for (int pair = 0; pair < sizes.pairs(); pair++) {
                // a fresh opportunity each round: both layouts load and race on aggregates of the same length
                OpportunityId first = opportunity(toA, customer);
                long before = retries(nodes);
                CommandLoad.Race alone = CommandLoad.contactRace(raceOne, first, sizes.round());
                OpportunityId second = opportunity(toA, customer);
                long between = retries(nodes);
                CommandLoad.Race shared = CommandLoad.contactRace(raceTwo, second, sizes.round());
                long after = retries(nodes);
                oneRetries += between - before;
                twoRetries += after - between;
                oneResends += alone.resends();
                twoResends += shared.resends();
                oneContacts += alone.contacts();
                twoContacts += shared.contacts();
                oneRace.add(alone.rate());
                twoRace.add(shared.rate());
                raceRatios.add(shared.rate() / alone.rate());
            }
            add.accept(BenchResult.of(
                    "cluster.commands.one-opportunity.two-nodes",
                    Stats.median(raceRatios),
                    "ratio two/one",
                    String.format(
                            Locale.ROOT,
                            "median of per-pair ratios of contacts/s; %d HTTP clients logging contacts on one"
                                    + " opportunity (a fresh one per round), each contact under its own"
                                    + " Idempotency-Key, against one command node, then split over two; %d"
                                    + " alternated pairs of %s rounds; one node %s (median %.0f) contacts/s, two"
                                    + " nodes %s (median %.0f); client resends after a 409: %d of %d contacts (one),"
                                    + " %d of %d (two); engine conflict retries %s (one) / %s (two); %d cores",
                            clients,
                            sizes.pairs(),
                            seconds(sizes.round()),
                            rates(oneRace),
                            Stats.median(oneRace),
                            rates(twoRace),
                            Stats.median(twoRace),
                            oneResends,
                            oneContacts,
                            twoResends,
                            twoContacts,
                            count(oneRetries),
                            count(twoRetries),
                            cores)));
        } finally {
            b.stop();
            a.stop();
        }
    }

    /** {@code clients} entries alternating {@code a} and {@code b}: half the clients on each. */
    private static <T> List<T> split(int clients, T a, T b) {
        List<T> split = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            split.add(c % 2 == 0 ? a : b);
        }
        return split;
    }

    private CustomerId registerCustomer(BenchHttp http) throws IOException {
        BenchHttp.Reply reply = http.post("/api/customers", """
                {"name": "Bench customer", "company": "Bench Ltd", "industry": "software", "region": "east"}""");
        if (reply.status() != 201) {
            throw new IllegalStateException("POST /api/customers answered " + reply.status() + ": " + reply.body());
        }
        return CustomerId.of(json.readTree(reply.body()).get("customerId").asText());
    }

    private static OpportunityId opportunity(BenchHttp http, CustomerId customer) throws Exception {
        OpportunityId id = OpportunityId.random();
        CommandLoad.http(http, customer).create(id);
        return id;
    }

    /** The engine's conflict retries so far ({@code engine_command_retries_total}) over the nodes; -1 if unreadable. */
    private static long retries(List<BenchHttp> nodes) {
        long total = 0;
        for (BenchHttp node : nodes) {
            try {
                BenchHttp.Reply reply = node.get("/actuator/prometheus");
                if (reply.status() != 200) {
                    return -1;
                }
                for (String line : reply.body().split("\n")) {
                    if (line.startsWith("engine_command_retries_total")) {
                        total += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                return -1;
            }
        }
        return total;
    }

    private static String count(long retries) {
        return retries < 0 ? "unknown" : Long.toString(retries);
    }

    private static String rates(List<Double> rates) {
        List<String> rounded = new ArrayList<>();
        for (double rate : rates) {
            rounded.add(String.format(Locale.ROOT, "%.0f", rate));
        }
        return String.join(", ", rounded);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    // ---------------------------------------------------------------------------------------------- catch-up

    /** One catch-up trial: times from the launch of its node(s), the head, the segment split seen while at work. */
    private record Trial(
            double seconds, List<Double> firstAnswers, long head, long positionAtFirstAnswer, String split) {

        double afterStartUp() {
            return seconds - Collections.min(firstAnswers);
        }
    }

    private void catchUp(EngineProcesses processes, EngineProcesses.Node store) throws Exception {
        step.accept("cluster: a log of " + sizes.logEvents() + " events on the store process");
        String authorization;
        long fillStarted = System.nanoTime();
        try (EngineUnderTest filler = EngineUnderTest.commandNode(store.mongoUri(), LOG_DATABASE, "bench-filler")) {
            new LogFiller(filler.storageEngine()).fill(sizes.logOpportunities(), sizes.logEvents());
            authorization = filler.authorization();
        }
        step.accept(String.format(
                Locale.ROOT,
                "cluster: log filled in %.1f s (a command node in this JVM)",
                RawStore.seconds(fillStarted)));
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.mongoUri()))
                .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoDatabase source = client.getDatabase(LOG_DATABASE);
            long events = source.getCollection("events").countDocuments();
            List<Trial> one = new ArrayList<>();
            List<Trial> two = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> copies = new ArrayList<>();
            List<String> copied = List.of();
            int trial = 0;
            for (int pair = 0; pair < sizes.catchUpPairs(); pair++) {
                Trial alone = null;
                for (int nodes = 1; nodes <= 2; nodes++) {
                    String database = TRIAL_DATABASE + trial++;
                    step.accept("cluster: catch-up of " + events + " events by " + nodes + " query node"
                            + (nodes == 1 ? "" : "s started together") + ", database " + database);
                    MongoDatabase target = client.getDatabase(database);
                    target.drop();
                    long copyStarted = System.nanoTime();
                    copied = copy(source, target);
                    copies.add(RawStore.seconds(copyStarted));
                    try {
                        Trial measured = trial(processes, store, database, nodes, authorization);
                        if (nodes == 1) {
                            one.add(measured);
                            alone = measured;
                        } else {
                            two.add(measured);
                            ratios.add(alone.seconds() / measured.seconds());
                        }
                    } finally {
                        target.drop();
                    }
                }
            }
            List<Double> afterRatios = new ArrayList<>();
            for (int p = 0; p < one.size(); p++) {
                afterRatios.add(one.get(p).afterStartUp() / two.get(p).afterStartUp());
            }
            add.accept(BenchResult.of(
                    "cluster.catch-up.two-query-nodes-vs-one",
                    Stats.median(ratios),
                    "ratio one/two",
                    String.format(
                            Locale.ROOT,
                            "one query node's seconds / two query nodes' (started together), median of %d"
                                    + " alternated pair(s); each trial on a fresh database holding a copy of %s"
                                    + " (%d events of %d opportunities, LogFiller; copied in %s s), timed from the"
                                    + " launch of the JVM(s) until every projection is at lag 0 and running (head %s);"
                                    + " one node %s s (its API first answered after %s s), two nodes %s s (after %s s);"
                                    + " slowest projection then at %s (one) / %s (two); from the first answer on: one"
                                    + " %s s, two %s s, ratio %.2f; segments while two"
                                    + " caught up, %s; %d cores shared by store and nodes",
                            sizes.catchUpPairs(),
                            String.join(", ", copied),
                            events,
                            sizes.logOpportunities(),
                            list(copies, Function.identity()),
                            heads(one, two),
                            list(one, Trial::seconds),
                            list(one, t -> t.firstAnswers().get(0)),
                            list(two, Trial::seconds),
                            String.join(
                                    "; ",
                                    two.stream()
                                            .map(t -> list(t.firstAnswers(), Function.identity()))
                                            .toList()),
                            positions(one),
                            positions(two),
                            list(one, Trial::afterStartUp),
                            list(two, Trial::afterStartUp),
                            Stats.median(afterRatios),
                            two.get(two.size() - 1).split(),
                            cores)));
            client.getDatabase(LOG_DATABASE).drop();
        }
    }

    /** Starts {@code nodes} query nodes together on {@code database} and waits until every projection caught up. */
    private Trial trial(
            EngineProcesses processes, EngineProcesses.Node store, String database, int nodes, String authorization)
            throws Exception {
        List<EngineProcesses.Node> started = new ArrayList<>();
        List<BenchHttp> https = new ArrayList<>();
        try {
            long launched = System.nanoTime();
            for (int n = 0; n < nodes; n++) {
                EngineProcesses.Node node = processes.node(
                        "query",
                        "bench-query-" + (char) ('a' + n),
                        store.mongoUri(),
                        database,
                        "--engine.security.bootstrap-admin=false");
                started.add(node);
                https.add(new BenchHttp(node::uri, () -> authorization));
            }
            Double[] firstAnswers = new Double[nodes];
            Long positionAtFirstAnswer = null;
            // the first split in which every node holds segments of every shared projection, and the last seen
            String split = null;
            String lastSplit = "(never read)";
            long deadline = launched + CATCH_UP_TIMEOUT.toNanos();
            while (true) {
                for (int n = 0; n < nodes; n++) {
                    EngineProcesses.Node node = started.get(n);
                    if (!node.alive()) {
                        throw new IllegalStateException(
                                "query node " + node.name() + " exited while catching up:\n" + node.tail());
                    }
                    BenchHttp.Reply reply;
                    try {
                        reply = https.get(n).get("/api/admin/projections");
                    } catch (IOException notListeningYet) {
                        continue;
                    }
                    double now = RawStore.seconds(launched);
                    if (reply.status() != 200) {
                        if (firstAnswers[n] == null) {
                            continue;
                        }
                        throw new IllegalStateException("GET /api/admin/projections on " + node.name() + " answered "
                                + reply.status() + ": " + reply.body());
                    }
                    JsonNode items = json.readTree(reply.body()).get("items");
                    if (firstAnswers[n] == null) {
                        firstAnswers[n] = now;
                        if (positionAtFirstAnswer == null) {
                            positionAtFirstAnswer = lowestPosition(items);
                        }
                    }
                    if (nodes > 1) {
                        String seen = String.format(
                                Locale.ROOT,
                                "%s (%.1f s after launch, slowest projection at %d of %d)",
                                split(items),
                                now,
                                lowestPosition(items),
                                items.size() == 0
                                        ? 0
                                        : items.get(0).path("head").asLong());
                        if (split == null && sharedByAll(items, nodes)) {
                            split = seen;
                        }
                        lastSplit = seen;
                    }
                    Long head = caughtUp(items);
                    if (head != null) {
                        for (int m = 0; m < nodes; m++) {
                            if (firstAnswers[m] == null) {
                                firstAnswers[m] = Double.NaN;
                            }
                        }
                        String segments = nodes == 1
                                ? null
                                : split != null
                                        ? "first shared by every node: " + split
                                        : "never shared by every node; last seen " + lastSplit;
                        return new Trial(now, List.of(firstAnswers), head, positionAtFirstAnswer, segments);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(nodes + " query node(s) did not catch up within " + CATCH_UP_TIMEOUT
                            + ":\n" + started.get(0).tail());
                }
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
            }
        } finally {
            for (BenchHttp http : https) {
                http.close();
            }
            for (EngineProcesses.Node node : started) {
                node.stop();
            }
        }
    }

    /** Whether every projection of more than one segment has all its segments claimed, by {@code nodes} nodes. */
    private static boolean sharedByAll(JsonNode items, int nodes) {
        for (JsonNode item : items) {
            if (item.path("segments").asInt() < 2) {
                continue;
            }
            java.util.Set<String> holders = new java.util.HashSet<>();
            for (JsonNode claim : item.path("claims")) {
                if (claim.path("node").isNull() || claim.path("node").isMissingNode()) {
                    return false;
                }
                holders.add(claim.path("node").asText());
            }
            if (holders.size() < nodes) {
                return false;
            }
        }
        return true;
    }

    /** The head when every projection is at lag 0 and running, else null. */
    private static Long caughtUp(JsonNode items) {
        if (items == null || items.size() == 0) {
            return null;
        }
        long head = -1;
        for (JsonNode item : items) {
            if (item.path("lag").isNull()
                    || item.path("lag").asLong(-1) != 0
                    || !"running".equals(item.path("status").asText())
                    || item.path("head").isNull()) {
                return null;
            }
            head = item.path("head").asLong();
        }
        return head;
    }

    private static long lowestPosition(JsonNode items) {
        long lowest = Long.MAX_VALUE;
        for (JsonNode item : items) {
            lowest = Math.min(
                    lowest,
                    item.path("position").isNull() ? 0 : item.path("position").asLong());
        }
        return lowest == Long.MAX_VALUE ? 0 : lowest;
    }

    /** Which node holds how many segments of each projection, projections of the same split grouped. */
    private static String split(JsonNode items) {
        Map<String, List<String>> byShare = new LinkedHashMap<>();
        for (JsonNode item : items) {
            Map<String, Integer> held = new TreeMap<>();
            for (JsonNode claim : item.path("claims")) {
                String node = claim.path("node").isNull()
                        ? "unclaimed"
                        : claim.path("node").asText();
                held.merge(node, 1, Integer::sum);
            }
            List<String> parts = new ArrayList<>();
            held.forEach((node, segments) -> parts.add(node + " " + segments));
            byShare.computeIfAbsent(String.join(" + ", parts), share -> new ArrayList<>())
                    .add(item.path("name").asText());
        }
        List<String> groups = new ArrayList<>();
        byShare.forEach((share, names) -> groups.add(String.join(", ", names) + ": " + share));
        return String.join("; ", groups);
    }

    private static String heads(List<Trial> one, List<Trial> two) {
        List<Long> heads = new ArrayList<>();
        one.forEach(t -> heads.add(t.head()));
        two.forEach(t -> heads.add(t.head()));
        if (heads.stream().distinct().count() != 1) {
            throw new IllegalStateException("the catch-up trials saw different heads " + heads);
        }
        return Long.toString(heads.get(0));
    }

    private static String positions(List<Trial> trials) {
        return String.join(
                ", ",
                trials.stream()
                        .map(t -> Long.toString(t.positionAtFirstAnswer()))
                        .toList());
    }

    private static <T> String list(List<T> values, Function<T, Double> figure) {
        List<String> texts = new ArrayList<>();
        for (T value : values) {
            texts.add(String.format(Locale.ROOT, "%.1f", figure.apply(value)));
        }
        return String.join(", ", texts);
    }

    /**
     * Copies every collection of {@code from} that is not the read side's (no {@code qv_*}, no {@code engine_*}, no
     * {@code trackingtokens}) into {@code to}, indexes first, then the documents in batches of 1,000 (no node reads the copy before it is whole):
     * the event log and what the nodes need of the command side (users, API keys). Returns the names copied.
     */
    static List<String> copy(MongoDatabase from, MongoDatabase to) {
        List<String> copied = new ArrayList<>();
        for (String name : from.listCollectionNames()) {
            if (name.startsWith("qv_")
                    || name.startsWith("engine_")
                    || name.equals("trackingtokens")
                    || name.startsWith("system.")) {
                continue;
            }
            MongoCollection<Document> source = from.getCollection(name);
            MongoCollection<Document> target = to.getCollection(name);
            to.createCollection(name);
            for (Document index : source.listIndexes()) {
                if ("_id_".equals(index.getString("name"))) {
                    continue;
                }
                IndexOptions options = new IndexOptions()
                        .name(index.getString("name"))
                        .unique(Boolean.TRUE.equals(index.get("unique")))
                        .sparse(Boolean.TRUE.equals(index.get("sparse")));
                if (index.get("expireAfterSeconds") instanceof Number seconds) {
                    options.expireAfter(seconds.longValue(), TimeUnit.SECONDS);
                }
                if (index.get("partialFilterExpression") instanceof Document filter) {
                    options.partialFilterExpression(filter);
                }
                target.createIndex(index.get("key", Document.class), options);
            }
            List<Document> batch = new ArrayList<>(1_000);
            for (Document document : source.find().batchSize(1_000)) {
                batch.add(document);
                if (batch.size() == 1_000) {
                    target.insertMany(batch, new InsertManyOptions().ordered(true));
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                target.insertMany(batch, new InsertManyOptions().ordered(true));
            }
            copied.add(name);
        }
        Collections.sort(copied);
        return copied;
    }
}
