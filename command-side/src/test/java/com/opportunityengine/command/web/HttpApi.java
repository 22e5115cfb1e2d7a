package com.opportunityengine.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A small HTTP client for the integration tests: real requests against the running engine. */
final class HttpApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String key;

    /** A client without a key. */
    HttpApi(int port) {
        this(port, (String) null);
    }

    /** A client authenticated with the bootstrap admin key the engine wrote to its data folder. */
    HttpApi(int port, Path dataDir) {
        this(port, adminKey(dataDir));
    }

    HttpApi(int port, String key) {
        this.base = "http://localhost:" + port;
        this.key = key;
    }

    /** The same engine, another key. */
    HttpApi withKey(String otherKey) {
        return new HttpApi(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
    }

    static String adminKey(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("admin.key")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response send(String method, String path, String body, String... headers) {
        return send(method, path, body, false, headers);
    }

    Response sendChunked(String method, String path, String body, String... headers) {
        return send(method, path, body, true, headers);
    }

    private Response send(String method, String path, String body, boolean chunked, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
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
            return new Response(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(HttpResponse<String> raw) {

        int status() {
            return raw.statusCode();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String body() {
            return raw.body();
        }

        JsonNode json() {
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
