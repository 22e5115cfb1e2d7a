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
 * @param audit         {@code engine.audit.*}: the chain key of the keyed hash chain ({@link ChainKeys})
 */
@ConfigurationProperties("engine")
public record StoreProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Mongo mongo,
        @DefaultValue EventLog eventLog,
        @DefaultValue Audit audit) {

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

    /**
     * The chain key ({@link ChainKeys}); the key's text never appears in {@link #toString()}.
     *
     * @param keyedChain   {@code engine.audit.keyed-chain}: hash new events with a chain key; on the embedded store
     *                     the key file is made at the first start when it does not exist
     * @param chainKeyFile {@code engine.audit.chain-key-file}: where the key is (base64 text); default
     *                     {@code <engine.data-dir>/chain.key}
     * @param chainKey     {@code engine.audit.chain-key}, default the environment variable {@code ENGINE_CHAIN_KEY}:
     *                     the key itself in base64, for a cluster whose nodes all get the same key
     */
    public record Audit(@DefaultValue("false") boolean keyedChain, Path chainKeyFile, String chainKey) {

        @Override
        public String toString() {
            return "Audit[keyedChain=" + keyedChain + ", chainKeyFile=" + chainKeyFile + ", chainKey="
                    + (chainKey == null || chainKey.isBlank() ? "" : "(set)") + "]";
        }
    }
}
