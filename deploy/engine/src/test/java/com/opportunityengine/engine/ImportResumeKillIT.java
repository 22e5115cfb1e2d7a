package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.testing.http.EngineHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 row 5: the standalone engine killed with SIGKILL in the middle of a Salesforce import, restarted, and the
 * same files imported again (what the failed import's status tells the user to do) ends with every opportunity's
 * and deal's stream equal to a clean import of the same files into a fresh store: the same events, in the same
 * order, with the same payloads, none twice, nothing rejected that the clean import did not reject.
 */
class ImportResumeKillIT {

    private static final String DIR = "/salesforce-large/";

    @Test
    void theReImportAfterAKillMinusNineEqualsACleanImport(@TempDir Path clean, @TempDir Path crashed) throws Exception {
        Map<String, List<String>> expected;
        JsonNode cleanStatus;
        try (EngineProcess engine = EngineProcess.start(clean);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            EngineHttp http = new EngineHttp(engine.httpPort(), clean);
            cleanStatus = finished(http, start(http));
            assertThat(cleanStatus.get("status").asText()).isEqualTo("DONE");
            assertThat(cleanStatus.get("opportunitiesCreated").asLong()).isEqualTo(300);
            expected = streams(events(mongo));
        }

        long createdAtKill;
        String cut;
        try (EngineProcess engine = EngineProcess.start(crashed);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            EngineHttp http = new EngineHttp(engine.httpPort(), crashed);
            cut = start(http);
            MongoCollection<Document> events = events(mongo);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (created(events) < 60 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            engine.killHard();
        }
        try (EngineProcess engine = EngineProcess.start(crashed);
                MongoClient mongo = MongoClients.create(engine.mongoUri())) {
            EngineHttp http = new EngineHttp(engine.httpPort(), crashed);
            MongoCollection<Document> events = events(mongo);
            createdAtKill = created(events);
            assertThat(createdAtKill).as("the kill landed mid-import").isBetween(60L, 299L);
            JsonNode interrupted = http.get("/api/imports/" + cut).json();
            assertThat(interrupted.get("status").asText()).isEqualTo("FAILED");
            assertThat(interrupted.get("error").asText()).contains("import the same files again");
            String again = start(http);
            JsonNode status = finished(http, again);
            assertThat(status.get("status").asText()).isEqualTo("DONE");
            assertThat(status.get("rejectedCount").asLong())
                    .isEqualTo(cleanStatus.get("rejectedCount").asLong());
            assertThat(status.get("opportunitiesCreated").asLong()
                            + status.get("opportunitiesResumed").asLong()
                            + status.get("opportunitiesSkipped").asLong())
                    .isEqualTo(300);
            assertThat(status.get("opportunitiesCreated").asLong()).isEqualTo(300 - createdAtKill);
            System.out.printf(
                    "ImportResumeKillIT: killed with %d of 300 opportunities created; the re-import created %d,"
                            + " resumed %d, skipped %d, rejected %d (clean import: rejected %d)%n",
                    createdAtKill,
                    status.get("opportunitiesCreated").asLong(),
                    status.get("opportunitiesResumed").asLong(),
                    status.get("opportunitiesSkipped").asLong(),
                    status.get("rejectedCount").asLong(),
                    cleanStatus.get("rejectedCount").asLong());
            Map<String, List<String>> actual = streams(events);
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (Map.Entry<String, List<String>> stream : expected.entrySet()) {
                assertThat(actual.get(stream.getKey()))
                        .as("stream %s (%s)", stream.getKey(), interrupted)
                        .isEqualTo(stream.getValue());
            }
        }
    }

    private static String start(EngineHttp http) throws Exception {
        String boundary = "resume-boundary-19";
        StringBuilder body = new StringBuilder();
        for (String[] part : List.of(
                new String[] {"opportunities", "Opportunity.csv"},
                new String[] {"history", "OpportunityHistory.csv"})) {
            body.append("--")
                    .append(boundary)
                    .append("\r\nContent-Disposition: form-data; name=\"")
                    .append(part[0])
                    .append("\"; filename=\"")
                    .append(part[1])
                    .append("\"\r\nContent-Type: text/csv\r\n\r\n")
                    .append(Files.readString(Path.of(
                            ImportResumeKillIT.class.getResource(DIR + part[1]).toURI())))
                    .append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        EngineHttp.Reply reply = http.post(
                "/api/imports/salesforce",
                body.toString(),
                "Content-Type",
                "multipart/form-data; boundary=" + boundary);
        assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        return reply.json().get("importId").asText();
    }

    private static JsonNode finished(EngineHttp http, String importId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        JsonNode status = http.get("/api/imports/" + importId).json();
        while ("RUNNING".equals(status.get("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = http.get("/api/imports/" + importId).json();
        }
        return status;
    }

    private static MongoCollection<Document> events(MongoClient mongo) {
        return mongo.getDatabase("opportunity_engine").getCollection("events");
    }

    private static long created(MongoCollection<Document> events) {
        return events.countDocuments(Filters.regex("payloadType", "OpportunityCreated$"));
    }

    /** Every opportunity's and deal's events: type and payload, in stream order. */
    private static Map<String, List<String>> streams(MongoCollection<Document> events) {
        Map<String, List<String>> streams = new LinkedHashMap<>();
        for (Document event : events.find(Filters.in("type", "Opportunity", "Deal"))
                .sort(Sorts.ascending("aggregateIdentifier", "sequenceNumber"))) {
            streams.computeIfAbsent(event.getString("aggregateIdentifier"), k -> new ArrayList<>())
                    .add(event.get("sequenceNumber") + " " + event.getString("payloadType") + " "
                            + event.getString("payload"));
        }
        return streams;
    }
}
