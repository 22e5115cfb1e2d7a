package com.opportunityengine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@code java -jar opportunity-engine.jar import salesforce --opportunities=F --history=F [--mapping=F]
 * [--url=http://localhost:8080] [--api-key=KEY]}: posts a Salesforce export to a running engine's
 * {@code POST /api/imports/salesforce} and follows {@code GET /api/imports/{id}} until it is DONE or FAILED.
 * Exit status 0 when DONE, 1 when FAILED or refused, 2 on a usage error.
 */
final class ImportCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImportCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !"salesforce".equals(args[0])) {
            return usage(err, "the only import is 'salesforce'");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                return usage(err, "unexpected argument " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        if (!options.containsKey("opportunities") || !options.containsKey("history")) {
            return usage(err, "--opportunities and --history are required");
        }
        String base = options.getOrDefault("url", "http://localhost:8080").replaceAll("/+$", "");
        String apiKey = options.get("api-key");
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        try {
            String boundary = "----opportunity-engine-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            part(body, boundary, "opportunities", Path.of(options.get("opportunities")), "text/csv");
            part(body, boundary, "history", Path.of(options.get("history")), "text/csv");
            if (options.containsKey("mapping")) {
                part(body, boundary, "mapping", Path.of(options.get("mapping")), "application/json");
            }
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/api/imports/salesforce"))
                    .timeout(Duration.ofMinutes(5))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            HttpResponse<String> started =
                    client.send(authorized(post, apiKey).build(), HttpResponse.BodyHandlers.ofString());
            if (started.statusCode() != 202) {
                err.println("the engine refused the import: " + started.statusCode() + " " + started.body());
                return 1;
            }
            String importId = JSON.readTree(started.body()).path("importId").asText();
            out.println("import " + importId + " started");
            long lastRows = -1;
            while (true) {
                HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(base + "/api/imports/" + importId))
                        .timeout(Duration.ofSeconds(30))
                        .GET();
                HttpResponse<String> reply =
                        client.send(authorized(get, apiKey).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode status = JSON.readTree(reply.body());
                String state = status.path("status").asText();
                long created = status.path("opportunitiesCreated").asLong();
                if (created != lastRows) {
                    out.println(state + ": " + status.path("rowsRead").asLong() + " rows read, " + created
                            + " opportunities created, "
                            + status.path("rejectedCount").asLong() + " rows rejected");
                    lastRows = created;
                }
                if (!"RUNNING".equals(state)) {
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status));
                    return "DONE".equals(state) ? 0 : 1;
                }
                Thread.sleep(500);
            }
        } catch (IOException e) {
            err.println("import failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String apiKey) {
        return apiKey == null ? request : request.header("Authorization", "Bearer " + apiKey);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, Path file, String type)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                        + file.getFileName() + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.println("usage: java -jar opportunity-engine.jar import salesforce --opportunities=Opportunity.csv "
                + "--history=OpportunityHistory.csv [--mapping=mapping.json] [--url=http://localhost:8080] "
                + "[--api-key=KEY]");
        return 2;
    }
}
