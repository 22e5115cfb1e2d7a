package com.opportunityengine.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsCommandListener;
import io.micrometer.core.instrument.binder.mongodb.MongoMetricsConnectionPoolListener;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.bson.Document;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.env.Environment;

/**
 * The event log and its store, for both apps (picked up by scanning {@code com.opportunityengine.store}).
 * <p>
 * With {@code engine.mongo.uri} (default {@code MONGODB_URI}) the client connects to that MongoDB; without one it
 * connects to the embedded store, when the {@code embedded-store} module is on the class path and has started it
 * (a bean named {@code embeddedStoreConnectionString}). Every write of the default database is durable when
 * acknowledged ({@link Durable#WRITE_CONCERN}: majority, journaled; the embedded store syncs such a write before it
 * answers). Read models and tracking tokens are rebuilt from the log, so they write through {@link ReadModels}: on
 * the embedded store without waiting for the disk (its file is a log, so a crash keeps a prefix of both), on
 * MongoDB like everything else. Beans: the {@link MongoClient} (so Spring Boot's Mongo auto-configuration backs
 * off), the durable {@link MongoDatabase} (primary), the {@link ReadModels} database, the
 * {@link EventStorageEngine} (Axon wraps it in an embedded event store), the Mongo {@link TokenStore} and a health
 * indicator named {@code eventStore}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
@PropertySource("classpath:store-defaults.properties")
public class StoreConfiguration {

    /** The bean the embedded-store module publishes when it runs the store in this process. */
    static final String EMBEDDED_STORE = "embeddedStoreConnectionString";

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(
            StoreProperties properties,
            @Qualifier(EMBEDDED_STORE) ObjectProvider<ConnectionString> embedded,
            ObjectProvider<MeterRegistry> meters,
            StoreFaults faults) {
        ConnectionString embeddedStore = embedded.getIfAvailable();
        ConnectionString target;
        if (!properties.embedded()) {
            target = new ConnectionString(properties.mongo().uri());
        } else if (embeddedStore != null) {
            target = embeddedStore;
        } else {
            throw new IllegalStateException("No store: set MONGODB_URI (or engine.mongo.uri) to a MongoDB, "
                    + "or run with the embedded-store module on the class path");
        }
        MongoClientSettings.Builder settings =
                MongoClientSettings.builder().applyConnectionString(target).writeConcern(Durable.WRITE_CONCERN);
        if (target.getServerSelectionTimeout() == null) {
            Duration timeout = properties.mongo().serverSelectionTimeout();
            settings.applyToClusterSettings(
                    cluster -> cluster.serverSelectionTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        settings.addCommandListener(faults);
        // mongodb.driver.commands (latency by command) and mongodb.driver.pool.* (connections in use, waiting)
        meters.ifAvailable(registry -> settings.addCommandListener(new MongoMetricsCommandListener(registry))
                .applyToConnectionPoolSettings(
                        pool -> pool.addConnectionPoolListener(new MongoMetricsConnectionPoolListener(registry))));
        return MongoClients.create(settings.build());
    }

    @Bean
    @Primary
    MongoDatabase mongoDatabase(MongoClient client, StoreProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    @ReadModels
    MongoDatabase readModelDatabase(MongoDatabase database, StoreProperties properties) {
        return properties.embedded() ? database.withWriteConcern(WriteConcern.W1) : database;
    }

    /** How this node hashes new events and checks stored ones: keyed when a chain key is configured. */
    @Bean
    HashChain hashChain(StoreProperties properties) {
        return ChainKeys.resolve(properties);
    }

    /**
     * Where the keyed chain begins, recorded before this node's first append (the storage engine depends on it) and
     * read once.
     */
    @Bean
    KeyedSince keyedSince(MongoDatabase database, HashChain hashChain) {
        return KeyedSince.establish(database, hashChain);
    }

    @Bean
    EventStorageEngine eventStorageEngine(
            MongoDatabase database,
            StoreProperties properties,
            HashChain hashChain,
            KeyedSince keyedSince,
            @Qualifier("eventSerializer") Serializer eventSerializer,
            Serializer serializer,
            ObjectProvider<EventUpcaster> upcasters,
            ObjectProvider<MeterRegistry> meters) {
        // keyedSince is asked for only so that it is recorded before this node's first append
        StoreProperties.EventLog eventLog = properties.eventLog();
        MongoEventLogStorageEngine.Builder builder = MongoEventLogStorageEngine.builder();
        meters.ifAvailable(builder::meterRegistry);
        return builder.database(database)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(serializer)
                .upcasterChain(new EventUpcasterChain(upcasters.orderedStream().toList()))
                .batchSize(eventLog.batchSize())
                .gapTimeout(eventLog.gapTimeout())
                .maxGapOffset(eventLog.maxGapOffset())
                .hashChain(hashChain)
                // the embedded store lives in this process: no other process appends to it
                .soleAppender(properties.embedded())
                .build();
    }

    @Bean
    NodeId nodeId(Environment environment) {
        return NodeId.of(environment);
    }

    /**
     * Tracking tokens, claimed in this node's name; a claim not extended for {@code engine.query.claim-timeout}
     * (a node that died) may be taken by another node.
     */
    @Bean
    TokenStore tokenStore(
            @ReadModels MongoDatabase readModels,
            Serializer serializer,
            NodeId nodeId,
            @Value("${engine.query.claim-timeout:10s}") Duration claimTimeout) {
        return MongoTokenStore.builder()
                .mongoTemplate(
                        DefaultMongoTemplate.builder().mongoDatabase(readModels).build())
                .serializer(serializer)
                .nodeId(nodeId.value())
                .claimTimeout(claimTimeout)
                .build();
    }

    @Bean
    StoreFaults storeFaults(ObjectProvider<Clock> clock) {
        return new StoreFaults(clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * {@code eventStore}: the store answers a ping, and takes writes. While a write of the engine's has failed and none
     * has succeeded since ({@link StoreFaults}), each check tries one small durable write of its own (a document per
     * node in {@code engine_health}), so that the node becomes ready again by itself once the store takes writes,
     * even with no traffic; in steady state the check writes nothing.
     */
    @Bean
    HealthIndicator eventStoreHealthIndicator(MongoDatabase database, StoreFaults faults, NodeId nodeId) {
        return () -> {
            long started = System.nanoTime();
            try {
                database.runCommand(new Document("ping", 1));
                if (faults.failing().isPresent()) {
                    database.getCollection("engine_health")
                            .replaceOne(
                                    Filters.eq("_id", nodeId.value()),
                                    new Document("_id", nodeId.value()).append("probedAt", new Date()),
                                    new ReplaceOptions().upsert(true));
                }
                return Health.up()
                        .withDetail("database", database.getName())
                        .withDetail("pingMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                        .build();
            } catch (RuntimeException e) {
                Health.Builder down = Health.down(e).withDetail("database", database.getName());
                faults.failing()
                        .ifPresent(failure -> down.withDetail(
                                        "writesFailingSince", failure.since().toString())
                                .withDetail("lastWriteError", failure.error()));
                return down.build();
            }
        };
    }
}
