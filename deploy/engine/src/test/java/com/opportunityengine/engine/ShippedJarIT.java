package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What {@code deploy/target/opportunity-engine.jar} carries: both sides, the shared modules and the embedded store,
 * and none of the laboratory (the benchmark, its load client, JMH, the test fixtures).
 */
class ShippedJarIT {

    private static final Path JAR = Path.of("..", "target", "opportunity-engine.jar");

    @Test
    void theEngineJarHoldsNoBenchmarkAndNoTestFixtures() throws IOException {
        assertThat(Files.exists(JAR))
                .as("%s is built by the package phase", JAR.toAbsolutePath())
                .isTrue();
        List<String> entries = entries();

        assertThat(entries)
                .as("the engine's own classes")
                .contains("BOOT-INF/classes/com/opportunityengine/engine/OpportunityEngineApplication.class");
        assertThat(entries)
                .as("the modules it runs")
                .anyMatch(e -> e.matches("BOOT-INF/lib/command-side-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/query-side-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/event-log-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/platform-.*\\.jar"))
                .anyMatch(e -> e.matches("BOOT-INF/lib/embedded-store-.*\\.jar"));

        assertThat(entries)
                .as("no benchmark code")
                .noneMatch(e -> e.contains("com/opportunityengine/engine/bench/"))
                .noneMatch(e -> e.matches("BOOT-INF/lib/bench-.*\\.jar"))
                .noneMatch(e -> e.matches("BOOT-INF/lib/(jmh-core|httpclient5)-.*\\.jar"));
        assertThat(entries)
                .as("no test fixtures")
                .noneMatch(e -> e.matches("BOOT-INF/lib/test-fixtures-.*\\.jar"))
                .noneMatch(e -> e.contains("com/opportunityengine/testing/"));
    }

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(JarEntry::getName).toList();
        }
    }
}
