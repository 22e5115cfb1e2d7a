package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI document the standalone engine serves (both sides' endpoints) equals the one checked in at {@code docs/openapi-engine.json}, so
 * the docs change with the behaviour. To refresh it after a deliberate change, run this IT with
 * {@code -Dopenapi.write=true}.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIT {

    static final Path CHECKED_IN = Path.of("..", "..", "docs", "openapi-engine.json");
    static final String REFRESH =
            "mvn -o -pl deploy/engine -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "
                    + "-Dit.test=OpenApiDocumentIT -Dopenapi.write=true";
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("engine-openapi").toString();
        registry.add("engine.data-dir", () -> data);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        // the document needs no key (docs/security.md)
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        String live = normalised(MAPPER.readTree(response.body()));
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(CHECKED_IN, live, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(CHECKED_IN)) {
            fail("docs/openapi-engine.json is missing; create it with: " + REFRESH);
        }
        String checkedIn = normalised(MAPPER.readTree(Files.readString(CHECKED_IN, StandardCharsets.UTF_8)));
        if (!live.equals(checkedIn)) {
            fail("The served OpenAPI document differs from docs/openapi-engine.json. If the API change is "
                    + "deliberate, refresh the file with: " + REFRESH + " and commit it with the change.\n"
                    + "--- live ---\n" + live);
        }
        assertThat(live)
                .contains(
                        "\"/api/funnel\"",
                        "\"/api/opportunities/{id}/timeline\"",
                        "\"/api/opportunities/{id}/stage\"",
                        "\"/api/audit/events\"",
                        "\"/api/admin/projections\"");
    }

    /** Sorted keys, pretty-printed, without the server list (its port changes each run). */
    static String normalised(JsonNode document) throws Exception {
        JsonNode copy = document.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("servers");
        }
        Object sorted = MAPPER.treeToValue(copy, Object.class);
        return MAPPER.writeValueAsString(sorted) + "\n";
    }
}
