package com.opportunityengine.store;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the event log lives.
 *
 * @param dataDir       {@code engine.data-dir}: the engine's data folder (the embedded store's file, the admin key)
 * @param mongo         {@code engine.mongo.*}: a real MongoDB ({@code uri} defaults to {@code MONGODB_URI})
 * @param eventLog      {@code engine.event-log.*}: tuning of the storage engine
 */
@ConfigurationProperties("engine")
public record StoreProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Mongo mongo,
        @DefaultValue EventLog eventLog) {

    /** True when no MongoDB URI is configured, so the embedded store is used. */
    public boolean embedded() {
        return mongo.uri() == null || mongo.uri().isBlank();
    }

    /**
     * @param uri      connection string of a real MongoDB (a replica set); blank = embedded store
     * @param database database name
     * @param serverSelectionTimeout how long a request waits for a store to talk to before it fails (503); the
     *                 driver's own default is 30 s, too long for a user to wait for an answer
     */
    public record Mongo(
            String uri,
            @DefaultValue("opportunity_engine") String database,
            @DefaultValue("10s") Duration serverSelectionTimeout) {}

    /**
     * @param batchSize         events per read batch
     * @param gapTimeout        how long a reader waits for a missing position before giving it up
     * @param maxGapOffset      how far behind a gap may fall before it is forgotten
     */
    public record EventLog(
            @DefaultValue("100") int batchSize,
            @DefaultValue("60s") Duration gapTimeout,
            @DefaultValue("10000") int maxGapOffset) {}
}
