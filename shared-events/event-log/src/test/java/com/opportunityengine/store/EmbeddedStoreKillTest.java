package com.opportunityengine.store;

import static org.junit.jupiter.api.Assertions.*;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * A kill -9 after an acknowledged append loses nothing: a child JVM appends through the engine on
 * the embedded store, is killed with SIGKILL after some acknowledgements, and every acknowledged
 * event is in the store when it is opened again.
 */
class EmbeddedStoreKillTest {

    private static final int ACKS_BEFORE_KILL = 300;

    @Test
    void everyAcknowledgedAppendSurvivesAKill(@TempDir Path dataDir) throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-Daxoniq.update-checker.disabled=true",
                        "-Dlogback.configurationFile=none",
                        "-cp",
                        System.getProperty("java.class.path"),
                        DurabilityChild.class.getName(),
                        dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acknowledged.add(line.substring(4));
                    if (acknowledged.size() == ACKS_BEFORE_KILL) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals(ACKS_BEFORE_KILL, acknowledged.size(), "the child should have acknowledged appends");

        try (EmbeddedStore reopened = new EmbeddedStore(dataDir)) {
            MongoCollection<Document> events =
                    reopened.client.getDatabase("kill").getCollection(MongoEventLogStorageEngine.EVENTS);
            Set<String> stored = new HashSet<>();
            events.find(Filters.in("eventIdentifier", acknowledged))
                    .projection(Projections.include("eventIdentifier"))
                    .forEach(d -> stored.add(d.getString("eventIdentifier")));
            List<String> lost =
                    acknowledged.stream().filter(id -> !stored.contains(id)).toList();
            assertEquals(List.of(), lost, "acknowledged but lost");
        }
    }
}
