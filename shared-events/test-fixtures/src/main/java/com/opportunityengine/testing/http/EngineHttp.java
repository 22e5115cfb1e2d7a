package com.opportunityengine.testing.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The one HTTP client of the tests: real requests against a running engine (in the test's JVM or a child process),
 * HTTP/1.1, a bearer key when it has one, JSON bodies. Every integration test speaks to the engine through it.
 */
public final class EngineHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final int port;
    private final String key;

    /** A client without a key. */
    public EngineHttp(int port) {
        this(port, (String) null);
    }

    /** A client authenticated with the bootstrap ADMIN key the engine wrote to its data folder. */
    public EngineHttp(int port, Path dataDir) {
        this(port, adminKey(dataDir));
    }

    public EngineHttp(int port, String key) {
        this.port = port;
        this.key = key;
    }

    /** The same engine, another key (null: none). */
    public EngineHttp withKey(String otherKey) {
        return new EngineHttp(port, otherKey);
    }

    /** The bootstrap ADMIN key the engine wrote to {@code dataDir/admin.key} at its first start. */
    public static String adminKey(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("admin.key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Reply post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** Sends a request; {@code headers} are name, value pairs (an Authorization or Content-Type given wins). */
    public Reply send(String method, String path, String body, String... headers) {
        return send(method, path, body, false, headers);
    }

    /** As {@link #send}, with the body sent chunked (no Content-Length). */
    public Reply sendChunked(String method, String path, String body, String... headers) {
        return send(method, path, body, true, headers);
    }

    /** Asks again (bounded, 30 s) until the answer satisfies the condition; returns the last answer either way. */
    public Reply getUntil(String path, Predicate<Reply> condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        Reply reply = get(path);
        while (!condition.test(reply) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            reply = get(path);
        }
        return reply;
    }

    private Reply send(String method, String path, String body, boolean chunked, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(TIMEOUT);
        List<String> all = new ArrayList<>(List.of(headers));
        if (key != null && !all.contains("Authorization")) {
            all.add("Authorization");
            all.add("Bearer " + key);
        }
        if (body != null && !all.contains("Content-Type")) {
            all.add("Content-Type");
            all.add("application/json");
        }
        for (int i = 0; i < all.size(); i += 2) {
            request.header(all.get(i), all.get(i + 1));
        }
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (chunked) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            publisher = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
        } else {
            publisher = HttpRequest.BodyPublishers.ofString(body);
        }
        request.method(method, publisher);
        try {
            return new Reply(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer: status, headers, body, and the body as JSON. */
    public record Reply(HttpResponse<String> raw) {

        public int status() {
            return raw.statusCode();
        }

        public String body() {
            return raw.body();
        }

        /** The first value of a response header, or null. */
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + raw.body(), e);
            }
        }

        @Override
        public String toString() {
            return raw.statusCode() + " " + raw.headers().map() + " " + raw.body();
        }
    }
}
