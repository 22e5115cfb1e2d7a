package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal mode under a kill -9: a child JVM writes from five threads (inserts and a counter) while the store
 * checkpoints in the background; it is killed with SIGKILL, and when the store is opened again (replaying the journal)
 * every acknowledged insert is there and the counter holds every acknowledged increment, each applied once (at most
 * the one in flight more).
 */
class JournalKillTest {

    private static final int ACKS_BEFORE_KILL = 3000;

    @Test
    void everyAcknowledgedWriteSurvivesAKillUnderConcurrentWriters(@TempDir Path dataDir, @TempDir Path logs)
            throws Exception {
        // the child's lines go to a file: the kill goes out once 3000 acknowledgements are there, and what the child
        // acknowledged (and printed) until it died is read afterwards, to the end: every one of those counts too
        Path output = logs.resolve("child.out");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        JournalKillChild.class.getName(),
                        dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectOutput(output.toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (acks(output) < ACKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        List<String> acknowledged = new ArrayList<>();
        int lastIncrement = 0;
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            if (line.startsWith("ACK ")) {
                acknowledged.add(line.substring(4));
            } else if (line.startsWith("INC ")) {
                lastIncrement = Integer.parseInt(line.substring(4));
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);

        try (EmbeddedMongoServer reopened = EmbeddedMongoServer.start(dataDir, 0, 16, 0, true);
                MongoClient client = MongoClients.create(reopened.connectionString())) {
            Set<Object> stored = new HashSet<>();
            client.getDatabase("kill").getCollection("events").find().forEach(d -> stored.add(d.get("_id")));
            assertThat(acknowledged.stream().filter(id -> !stored.contains(id)).toList())
                    .as("acknowledged but lost")
                    .isEmpty();
            Document counter = client.getDatabase("kill")
                    .getCollection("counters")
                    .find(Filters.eq("_id", "c"))
                    .first();
            assertThat(counter.getInteger("n")).isBetween(lastIncrement, lastIncrement + 1);
        }
    }

    private static long acks(Path output) throws IOException {
        if (!Files.exists(output)) {
            return 0;
        }
        try (var lines = Files.lines(output, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.startsWith("ACK ")).count();
        } catch (java.io.UncheckedIOException e) {
            return 0; // a line cut mid-way by the writer
        }
    }
}
