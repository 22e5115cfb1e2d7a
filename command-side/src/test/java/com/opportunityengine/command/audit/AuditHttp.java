package com.opportunityengine.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real HTTP requests against the engine for the audit ITs: the tests' one client, plus the audit's story steps. */
final class AuditHttp {

    static final ObjectMapper JSON = EngineHttp.JSON;
    private final EngineHttp http;

    /**
     * A client authenticated with the bootstrap admin key the engine wrote to its data folder; makes the owner of the
     * story's opportunities, {@code alice}, a user (an owner must be one) unless she is one already.
     */
    AuditHttp(int port, Path dataDir) {
        this.http = new EngineHttp(port, dataDir);
        HttpResponse<String> owner = post("/api/admin/users", """
                {"userId": "alice", "displayName": "Alice", "roles": ["SALES_REP"]}
                """);
        if (owner.statusCode() != 201 && owner.statusCode() != 409) {
            throw new IllegalStateException(owner.statusCode() + " " + owner.body());
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
        return http.get(path).raw();
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return http.post(path, body, headers).raw();
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
