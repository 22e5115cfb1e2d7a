package com.opportunityengine.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real HTTP requests against the engine for the audit ITs. */
final class AuditHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    /** A client authenticated with the bootstrap admin key the engine wrote to its data folder. */
    AuditHttp(int port, Path dataDir) {
        this.base = "http://localhost:" + port;
        try {
            this.key = Files.readString(dataDir.resolve("admin.key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path newDataDir() {
        try {
            Path dir = Files.createTempDirectory("engine-audit-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        request.header("Authorization", "Bearer " + key);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** Creates an opportunity with an inline customer at the given business time; returns its id. */
    String newOpportunity(String occurredAt) {
        HttpResponse<String> created = post("/api/opportunities", """
                {"title": "ERP rollout", "customer": {"name": "ACME Ltd"}, "source": "referral",
                 "amount": {"value": "125000.00", "currency": "CNY"}, "ownerId": "alice",
                 "occurredAt": "%s"}
                """.formatted(occurredAt));
        if (created.statusCode() != 201) {
            throw new IllegalStateException(created.statusCode() + " " + created.body());
        }
        return json(created).get("opportunityId").asText();
    }

    void logContact(String id, String occurredAt) {
        HttpResponse<String> logged = post("/api/opportunities/" + id + "/contacts", """
                {"channel": "CALL", "direction": "OUTBOUND", "summary": "intro call", "occurredAt": "%s"}
                """.formatted(occurredAt));
        if (logged.statusCode() != 201) {
            throw new IllegalStateException(logged.statusCode() + " " + logged.body());
        }
    }
}
