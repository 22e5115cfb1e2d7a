package com.opportunityengine.store.embedded;

import com.mongodb.ConnectionString;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the {@link EmbeddedMongoServer} when no MongoDB URI is configured ({@code engine.mongo.uri}, else
 * {@code MONGODB_URI}), and tells the event log's wiring where it listens through a {@link ConnectionString} bean
 * named {@value #CONNECTION_STRING}. The event log does not depend on this module: without it on the class path
 * a URI is required.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedStoreCondition.class)
@EnableConfigurationProperties(EmbeddedStoreProperties.class)
public class EmbeddedStoreConfiguration {

    /** The name of the connection-string bean the event log's wiring looks for. */
    public static final String CONNECTION_STRING = "embeddedStoreConnectionString";

    @Bean(destroyMethod = "close")
    EmbeddedMongoServer embeddedMongoServer(EmbeddedStoreProperties properties) {
        EmbeddedStoreProperties.EmbeddedMongo embedded = properties.embeddedMongo();
        return EmbeddedMongoServer.start(
                properties.dataDir(),
                embedded.port(),
                embedded.cacheMb(),
                embedded.compactOnCloseMillis(),
                embedded.journal());
    }

    /**
     * The store failing for good in this process (its file closed itself, its journal cannot be written) closes the
     * engine and exits with status 75 for its supervisor to restart it ({@link StoreFailureExit}).
     */
    @Bean
    StoreFailureExit embeddedStoreFailureExit(
            EmbeddedMongoServer server, org.springframework.context.ConfigurableApplicationContext context) {
        StoreFailureExit exit = StoreFailureExit.ofJvm(context);
        exit.watch(server);
        return exit;
    }

    /**
     * {@code engine.store.sync}: how long durable writes waited for the group commit that synced them, in this
     * process (the store verb's own process has no metrics endpoint; its clients see the same wait in
     * {@code engine.eventlog.append}).
     */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    EmbeddedStoreMetrics embeddedStoreMetrics(EmbeddedMongoServer server) {
        return new EmbeddedStoreMetrics(server);
    }

    @Bean(CONNECTION_STRING)
    ConnectionString embeddedStoreConnectionString(EmbeddedMongoServer server) {
        return new ConnectionString(server.connectionString());
    }
}
