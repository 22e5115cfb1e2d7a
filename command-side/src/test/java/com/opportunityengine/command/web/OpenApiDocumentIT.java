package com.opportunityengine.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI document the command side serves equals the one checked in at
 * {@code docs/openapi-command-side.json}, so the docs change with the behaviour. To refresh it
 * after a deliberate change, run this IT with {@code -Dopenapi.write=true}.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIT {

    static final Path DATA = EngineFixture.newDataDir();
    static final Path CHECKED_IN = Path.of("..", "docs", "openapi-command-side.json");
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        EngineHttp.Reply response = new EngineHttp(port, DATA).send("GET", "/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        String live = normalised(response.json());
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(CHECKED_IN, live, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(CHECKED_IN)) {
            fail(
                    "docs/openapi-command-side.json is missing; create it with: mvn -o -pl command-side -am verify "
                            + "-Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiDocumentIT -Dopenapi.write=true");
        }
        String checkedIn = normalised(MAPPER.readTree(Files.readString(CHECKED_IN, StandardCharsets.UTF_8)));
        if (!live.equals(checkedIn)) {
            fail("The served OpenAPI document differs from docs/openapi-command-side.json. If the API change is "
                    + "deliberate, refresh the file with: mvn -o -pl command-side -am verify -Dtest=NONE "
                    + "-Dsurefire.failIfNoSpecifiedTests=false -Dit.test=OpenApiDocumentIT -Dopenapi.write=true "
                    + "and commit it with the change.\n--- live ---\n" + live);
        }
        assertThat(live).contains("/api/opportunities/{id}/convert").contains("\"title\" : \"Opportunity engine\"");
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
