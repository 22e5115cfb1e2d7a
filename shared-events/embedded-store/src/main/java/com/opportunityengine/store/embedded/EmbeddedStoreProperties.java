package com.opportunityengine.store.embedded;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded store's settings, read only when no MongoDB URI is configured.
 *
 * @param dataDir       {@code engine.data-dir}: folder of the store's file (default {@code ./data})
 * @param embeddedMongo {@code engine.embedded-mongo.*}
 */
@ConfigurationProperties("engine")
public record EmbeddedStoreProperties(
        @DefaultValue("./data") Path dataDir, @DefaultValue EmbeddedMongo embeddedMongo) {

    /**
     * @param port                 loopback port (0 = any free port)
     * @param cacheMb              MVStore page cache in MB
     * @param compactOnCloseMillis time allowed to compact the file when closing
     * @param journal              durable writes through the write-ahead journal (fdatasync of a record, the MVStore
     *                             committed every second in the background) instead of a forced MVStore commit each
     *                             (default on)
     */
    public record EmbeddedMongo(
            @DefaultValue("27117") int port,
            @DefaultValue("128") int cacheMb,
            @DefaultValue("2000") int compactOnCloseMillis,
            @DefaultValue("true") boolean journal) {}
}
