package com.opportunityengine.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Idempotency keys live in the store: an engine restarted on the same data folder still replays them. */
class IdempotencyRestartIT {

    final Path data = EngineFixture.newDataDir();

    ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .run(
                        "--server.port=0",
                        "--engine.data-dir=" + data,
                        "--engine.embedded-mongo.port=0",
                        "--spring.jmx.enabled=false");
    }

    /** A client with the admin key the first start wrote to the data folder (a restart keeps users and keys). */
    EngineHttp api(ConfigurableApplicationContext context) {
        return new EngineHttp(
                ((ServletWebServerApplicationContext) context).getWebServer().getPort(), data);
    }

    static long events(ConfigurableApplicationContext context) {
        return context.getBean(MongoDatabase.class).getCollection("events").countDocuments();
    }

    @Test
    void aRestartDoesNotForgetKeys() {
        String key = "restart-" + UUID.randomUUID();
        String body = "{\"name\": \"Wayne Enterprises\"}";
        EngineHttp.Reply first;
        long eventsBefore;
        try (ConfigurableApplicationContext engine = start()) {
            first = api(engine).send("POST", "/api/customers", body, "Idempotency-Key", key);
            assertThat(first.status()).as(first.toString()).isEqualTo(201);
            eventsBefore = events(engine);
        }
        try (ConfigurableApplicationContext engine = start()) {
            EngineHttp.Reply again = api(engine).send("POST", "/api/customers", body, "Idempotency-Key", key);
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(again.header("Location")).isEqualTo(first.header("Location"));
            assertThat(events(engine)).isEqualTo(eventsBefore).isEqualTo(1);
            EngineHttp.Reply different =
                    api(engine).send("POST", "/api/customers", "{\"name\": \"Other\"}", "Idempotency-Key", key);
            assertThat(different.status()).isEqualTo(422);
        }
    }
}
