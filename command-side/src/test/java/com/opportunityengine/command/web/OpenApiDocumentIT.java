package com.opportunityengine.command.web;

import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.CheckedInOpenApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The OpenAPI document the command side serves equals the one checked in at {@code docs/openapi-command-side.json}, so the docs change with the
 * behaviour ({@link CheckedInOpenApi}; refresh after a deliberate change with {@code -Dopenapi.write=true}).
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentIT {

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        String data = Files.createTempDirectory("openapi-document").toString();
        registry.add("engine.data-dir", () -> data);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Test
    void theServedDocumentIsTheCheckedInOne() throws Exception {
        CheckedInOpenApi.assertServedIsCheckedIn(
                port,
                Path.of("..", "docs", "openapi-command-side.json"),
                "command-side",
                "\"/api/opportunities/{id}/convert\"",
                "\"title\" : \"Opportunity engine\"");
    }
}
