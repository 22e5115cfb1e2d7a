package com.opportunityengine.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The query side deployed on its own starts on the embedded store and runs every projection. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerySideApplicationIT {

    static String data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("query-side-app").toString();
        registry.add("engine.data-dir", () -> data);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    /** With the admin key the app made on its first start (the query app enforces the same rules). */
    private HttpResponse<String> get(String path) throws Exception {
        String key = Files.readString(Path.of(data, "admin.key")).trim();
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + key)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesRequestsWithoutAKeyButAnswersHealth() throws Exception {
        HttpResponse<String> anonymous = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/opportunities"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void startsWithEveryProjectionOnAPooledStreamingProcessor() throws Exception {
        HttpResponse<String> projections = get("/api/admin/projections");
        assertThat(projections.statusCode()).isEqualTo(200);
        assertThat(projections.body())
                .contains(
                        "\"opportunity-views\"",
                        "\"opportunity-timeline\"",
                        "\"tasks\"",
                        "\"customers\"",
                        "\"customer-behavior\"");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/api/opportunities?size=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/opportunities").body()).contains("\"total\":0");
    }
}
