package com.opportunityengine.testing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

/**
 * The check each app's {@code OpenApiDocumentIT} makes: the document the app serves at {@code /v3/api-docs} (no key
 * needed) equals the one checked in under {@code docs/}, compared with sorted keys and without the server list (its
 * port changes each run). With {@code -Dopenapi.write=true} it writes the served document instead, for a deliberate
 * change.
 */
public final class CheckedInOpenApi {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CheckedInOpenApi() {}

    /**
     * @param module the Maven module whose IT this is (for the refresh command in the failure message)
     * @param mustContain texts the document must hold (paths it serves), so that an empty document cannot pass
     */
    public static void assertServedIsCheckedIn(int port, Path checkedIn, String module, String... mustContain)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), "the API document needs no key");
        String live = normalised(MAPPER.readTree(response.body()));
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(checkedIn, live, StandardCharsets.UTF_8);
            return;
        }
        String refresh = "mvn -o -pl " + module + " -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false "
                + "-Dit.test=OpenApiDocumentIT -Dopenapi.write=true";
        if (!Files.exists(checkedIn)) {
            fail(checkedIn + " is missing; create it with: " + refresh);
        }
        String expected = normalised(MAPPER.readTree(Files.readString(checkedIn, StandardCharsets.UTF_8)));
        if (!live.equals(expected)) {
            fail("The served OpenAPI document differs from " + checkedIn + ". If the API change is deliberate, "
                    + "refresh the file with: " + refresh + " and commit it with the change.\n--- live ---\n" + live);
        }
        for (String text : mustContain) {
            assertTrue(live.contains(text), "the document holds " + text);
        }
    }

    private static String normalised(JsonNode document) throws IOException {
        JsonNode copy = document.deepCopy();
        if (copy instanceof ObjectNode object) {
            object.remove("servers");
        }
        Object sorted = MAPPER.treeToValue(copy, Object.class);
        return MAPPER.writeValueAsString(sorted) + "\n";
    }
}
