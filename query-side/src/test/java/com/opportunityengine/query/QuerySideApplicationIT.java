package com.opportunityengine.query;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side deployed on its own starts on the embedded store and runs every projection. */
@SpringBootTest(classes = QuerySideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerySideApplicationIT {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("query-side-app").toString();
        registry.add("engine.data-dir", () -> data);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void startsWithEveryProjectionOnAPooledStreamingProcessor() throws Exception {
        HttpResponse<String> projections = get("/api/admin/projections");
        assertThat(projections.statusCode()).isEqualTo(200);
        assertThat(projections.body()).contains("\"opportunity-views\"", "\"opportunity-timeline\"", "\"tasks\"",
                "\"customers\"", "\"customer-behavior\"");
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/api/opportunities?size=0").statusCode()).isEqualTo(400);
        assertThat(get("/api/opportunities").body()).contains("\"total\":0");
    }
}
