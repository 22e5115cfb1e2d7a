package com.opportunityengine.engine.bench;

import com.opportunityengine.events.customer.CustomerId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

/**
 * The peer figures ({@code bench --peer=jdbc:postgresql://...}): the same measurements as the engine's, in the same
 * run, on stock Axon with its {@code JdbcEventStorageEngine} on PostgreSQL ({@link PeerAxon}): the raw durable single
 * write of an event-sized row, the create+advance+contact loop through the gateway with 1 and 4 clients, the log
 * filled to the large size through Axon's storage engine, the command cost again at that size (growth) and the
 * event-stream replay by Axon's tracking reader. Each {@code peer.versus.*} figure is the engine's absolute figure
 * over the peer's (target at least 1.0).
 */
final class PeerBench {

    /** The raw-write table: a copy of Axon's event table (same columns, keys and indexes). */
    static final String RAW_TABLE = "bench_raw";

    private static final int RAW_WRITES_PER_ROUND_MIN = 50;

    private final BenchProfile profile;
    private final Consumer<BenchResult> out;
    private final Consumer<String> step;

    PeerBench(BenchProfile profile, Consumer<BenchResult> out, Consumer<String> step) {
        this.profile = profile;
        this.out = out;
        this.step = step;
    }

    /** The figures of the engine measured earlier in the run that the peer's are compared with, by name. */
    record EngineFigures(Double gateway1, Double gateway4, Double replay) {}

    /** Runs the peer's figures on {@code jdbcUrl}, then the comparisons with {@code engine}'s. */
    void run(String jdbcUrl, EngineUnderTest engine, EngineFigures figures) throws Exception {
        step.accept("peer: stock Axon 4.13, JdbcEventStorageEngine on "
                + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
        try (PeerAxon peer = PeerAxon.start(jdbcUrl, engine)) {
            CustomerId customer = CommandLoad.registerCustomer(peer.gateway());
            CommandLoad.Client gateway = CommandLoad.gateway(peer.gateway(), customer);
            // one loop: the event rows it writes give the raw write its row
            CommandLoad.run(gateway, 1, Duration.ofMillis(200));
            RawRows raw = new RawRows(peer);

            step.accept("peer: raw ceiling");
            long warmUntil = System.nanoTime() + profile.rawWarmup().toNanos();
            do {
                raw.singleDurableWrites(Duration.ofMillis(100));
            } while (System.nanoTime() < warmUntil);
            List<Double> single = new ArrayList<>();
            for (int r = 0; r < profile.rounds(); r++) {
                single.add(raw.singleDurableWrites(profile.rawRound()));
            }
            double rawSingle = Stats.median(single);
            out.accept(BenchResult.of(
                    "peer.raw.write.single-durable",
                    rawSingle,
                    "writes/s",
                    "INSERT of one " + raw.rowBytes() + "-byte event row (payload and metadata of a real event) into a"
                            + " copy of Axon's event table, then COMMIT (fsync and synchronous_commit on)"));

            step.accept("peer: log fill to " + profile.smallLog() + " events");
            // each batch in a unit of work of its own: the connection it appends on is committed with it
            LogFiller filler = new LogFiller(
                    peer.storage(),
                    append -> DefaultUnitOfWork.startAndGet(null).execute(append));
            fill(filler, profile.smallOpportunities(), profile.smallLog() - rows(peer));

            step.accept("peer: commands at " + rows(peer) + " events");
            Rounds gateway1 = commands(gateway, 1, raw);
            Rounds gateway4 = commands(gateway, 4, raw);
            out.accept(gateway1.result("peer.commands.gateway.1-client"));
            out.accept(gateway4.result("peer.commands.gateway.4-clients"));

            step.accept("peer: log fill to " + profile.largeLog() + " events");
            long fillStarted = System.nanoTime();
            long before = rows(peer);
            // at least the difference of the two sizes: the command rounds may already have taken the log past the
            // large size (a fast peer on the tiny profile), and the fill figure needs a fill
            fill(
                    filler,
                    profile.largeOpportunities() - profile.smallOpportunities(),
                    Math.max(profile.largeLog() - before, profile.largeLog() - profile.smallLog()));
            long head = rows(peer);
            out.accept(BenchResult.of(
                    "peer.log.fill",
                    (head - before) / RawStore.seconds(fillStarted),
                    "events/s",
                    "the same histories as log.fill, appended through JdbcEventStorageEngine in batches of 1,000,"
                            + " one transaction each"));

            step.accept("peer: commands at " + head + " events");
            Rounds large = commands(gateway, 1, raw);
            double growth = gateway1.ratio() / large.ratio();
            out.accept(new BenchResult(
                    "peer.growth.command-cost.large-log",
                    Math.round(100_000 / large.rate()) / 100.0,
                    "ms/command",
                    Math.round(growth * 1000) / 1000.0,
                    null,
                    null,
                    "log of " + head + " rows; ratio: (cost / raw durable write cost) here over the same at the"
                            + " small log, as growth.command-cost.large-log; rounds " + large.rounds()));

            step.accept("peer: replay");
            int slice = (int) Math.min(profile.replayEvents(), head);
            Random random = new Random(11);
            List<Double> streamed = new ArrayList<>();
            for (int r = -1; r < profile.rounds(); r++) {
                // a random start with at least a slice of events after it (positions may have gaps)
                long after = head - slice <= 0 ? 0 : indexAt(peer, random.nextLong(head - slice)) - 1;
                double rate = LogReader.read(peer.storage(), after, slice, payload -> {});
                if (r >= 0) {
                    streamed.add(rate);
                }
            }
            double replay = Stats.median(streamed);
            out.accept(BenchResult.of(
                    "peer.replay.event-stream",
                    replay,
                    "events/s",
                    "JdbcEventStorageEngine's tracking reader (its batches, payloads deserialised), " + slice
                            + " events a round, as replay.event-stream"));

            versus("peer.versus.commands.gateway.1-client", figures.gateway1(), gateway1.rate(), "commands/s");
            versus("peer.versus.commands.gateway.4-clients", figures.gateway4(), gateway4.rate(), "commands/s");
            versus("peer.versus.replay.event-stream", figures.replay(), replay, "events/s");
        }
    }

    /** Without {@code --peer}: the comparisons are listed, unmeasured, with how to measure them. */
    static void notMeasured(Consumer<BenchResult> out) {
        for (String name : List.of(
                "peer.versus.commands.gateway.1-client",
                "peer.versus.commands.gateway.4-clients",
                "peer.versus.replay.event-stream")) {
            out.accept(BenchResult.missing(
                    name,
                    "engine / peer",
                    ">= 1.0",
                    "no peer given: bench --peer=jdbc:postgresql://... (deploy/bench/scripts/peer-postgres.sh start)"));
        }
    }

    private void versus(String name, Double engine, double peer, String unit) {
        if (engine == null) {
            out.accept(BenchResult.missing(name, "engine / peer", ">= 1.0", "the engine's figure is missing"));
            return;
        }
        double ratio = Math.round(engine * 1000 / peer) / 1000.0;
        out.accept(new BenchResult(
                name,
                ratio,
                "engine / peer",
                ratio,
                ">= 1.0",
                Targets.met(ratio, ">= 1.0"),
                String.format(
                        Locale.ROOT, "this engine %.0f %s against stock Axon on PostgreSQL %.0f", engine, unit, peer)));
    }

    private void fill(LogFiller filler, int opportunities, long events) {
        if (events <= 0 || opportunities <= 0) {
            return;
        }
        filler.fill(opportunities, events);
    }

    /** Commands/s (median of rounds) and the median of their ratios to the raw round run just before each. */
    private record Rounds(double rate, double ratio, String rounds) {
        BenchResult result(String name) {
            return new BenchResult(
                    name,
                    (double) Math.round(rate * 100) / 100,
                    "commands/s",
                    Math.round(ratio * 1000) / 1000.0,
                    null,
                    null,
                    "create+advance+contact loop through stock Axon's gateway; ratio to peer.raw.write.single-durable"
                            + " rounds run just before each; rounds (commands/s : raw writes/s) " + rounds);
        }
    }

    private Rounds commands(CommandLoad.Client client, int clients, RawRows raw) throws Exception {
        CommandLoad.run(client, clients, profile.warmup());
        List<Double> rates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<String> rounds = new ArrayList<>();
        for (int r = 0; r < profile.rounds(); r++) {
            double rawRate = raw.singleDurableWrites(profile.rawRound());
            double rate = CommandLoad.run(client, clients, profile.round());
            rates.add(rate);
            ratios.add(rate / rawRate);
            rounds.add(String.format(Locale.ROOT, "%.0f : %.0f", rate, rawRate));
        }
        return new Rounds(Stats.median(rates), Stats.median(ratios), String.join(", ", rounds));
    }

    private static long rows(PeerAxon peer) throws SQLException {
        return single(peer, "SELECT count(*) FROM domainevententry");
    }

    /** The position of the event at {@code offset} (0-based) in log order. */
    private static long indexAt(PeerAxon peer, long offset) throws SQLException {
        return single(
                peer, "SELECT globalIndex FROM domainevententry ORDER BY globalIndex OFFSET " + offset + " LIMIT 1");
    }

    private static long single(PeerAxon peer, String sql) throws SQLException {
        try (Connection connection = peer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            long value = result.getLong(1);
            connection.rollback();
            return value;
        }
    }

    /** Event-sized rows written one per transaction into {@link #RAW_TABLE}, a copy of Axon's event table. */
    private static final class RawRows {
        private final PeerAxon peer;
        private final String type;
        private final String timeStamp;
        private final String payloadType;
        private final String payloadRevision;
        private final byte[] payload;
        private final byte[] metaData;
        private long next;

        RawRows(PeerAxon peer) throws SQLException {
            this.peer = peer;
            try (Connection connection = peer.dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                // same columns, keys and indexes; a sequence of its own, so the event table's positions stay dense
                statement.execute("CREATE TABLE " + RAW_TABLE
                        + " (LIKE domainevententry INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING STORAGE)");
                statement.execute("CREATE SEQUENCE " + RAW_TABLE + "_seq OWNED BY " + RAW_TABLE + ".globalIndex");
                statement.execute("ALTER TABLE " + RAW_TABLE + " ALTER COLUMN globalIndex SET DEFAULT nextval('"
                        + RAW_TABLE + "_seq')");
                try (ResultSet last =
                        statement.executeQuery("SELECT type, timeStamp, payloadType, payloadRevision, payload, metaData"
                                + " FROM domainevententry ORDER BY globalIndex DESC LIMIT 1")) {
                    if (!last.next()) {
                        throw new IllegalStateException("the peer wrote no event to copy");
                    }
                    type = last.getString(1);
                    timeStamp = last.getString(2);
                    payloadType = last.getString(3);
                    payloadRevision = last.getString(4);
                    payload = last.getBytes(5);
                    metaData = last.getBytes(6);
                }
                connection.commit();
            }
        }

        /** The row's variable part: payload, metadata, the two identifiers and the type and time texts. */
        int rowBytes() {
            return payload.length
                    + metaData.length
                    + 36
                    + 40
                    + type.length()
                    + timeStamp.length()
                    + payloadType.length();
        }

        double singleDurableWrites(Duration duration) throws SQLException {
            long started = System.nanoTime();
            long until = started + duration.toNanos();
            long written = 0;
            try (Connection connection = peer.dataSource().getConnection();
                    PreparedStatement insert = connection.prepareStatement("INSERT INTO " + RAW_TABLE
                            + " (eventIdentifier, aggregateIdentifier, sequenceNumber, type, timeStamp,"
                            + " payloadType, payloadRevision, payload, metaData) VALUES (?,?,?,?,?,?,?,?,?)")) {
                do {
                    insert.setString(1, UUID.randomUUID().toString());
                    insert.setString(2, "raw-" + next++);
                    insert.setLong(3, 0);
                    insert.setString(4, type);
                    insert.setString(5, timeStamp);
                    insert.setString(6, payloadType);
                    insert.setString(7, payloadRevision);
                    insert.setBytes(8, payload);
                    insert.setBytes(9, metaData);
                    insert.executeUpdate();
                    connection.commit();
                    written++;
                } while (System.nanoTime() < until || written < RAW_WRITES_PER_ROUND_MIN);
            }
            return written / RawStore.seconds(started);
        }
    }
}
