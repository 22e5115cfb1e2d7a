package com.opportunityengine.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
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
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

import java.util.concurrent.TimeUnit;

/**
 * The event log and its store, for both apps (picked up by scanning {@code com.opportunityengine.store}).
 * <p>
 * Without {@code engine.mongo.uri} (default {@code MONGODB_URI}) an {@link EmbeddedMongoServer}
 * runs in the process and appends are made durable by group commit on its file; with a URI the
 * client writes with majority + journal and durability is the write concern's. Beans: the
 * {@link MongoClient} (so Spring Boot's Mongo auto-configuration backs off), the
 * {@link MongoDatabase}, {@link Durability}, the {@link EventStorageEngine} (Axon wraps it in an
 * embedded event store), the Mongo {@link TokenStore} and a health indicator named {@code eventStore}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreProperties.class)
@PropertySource("classpath:store-defaults.properties")
public class StoreConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(EmbeddedStoreCondition.class)
    EmbeddedMongoServer embeddedMongoServer(StoreProperties properties) {
        StoreProperties.EmbeddedMongo embedded = properties.embeddedMongo();
        return EmbeddedMongoServer.start(properties.dataDir(), embedded.port(), embedded.cacheMb(),
                                         embedded.compactOnCloseMillis());
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(StoreProperties properties, ObjectProvider<EmbeddedMongoServer> embedded) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        if (server != null) {
            return MongoClients.create(server.connectionString());
        }
        return MongoClients.create(MongoClientSettings.builder()
                                                      .applyConnectionString(new ConnectionString(properties.mongo().uri()))
                                                      .writeConcern(WriteConcern.MAJORITY.withJournal(true))
                                                      .build());
    }

    @Bean
    MongoDatabase mongoDatabase(MongoClient client, StoreProperties properties) {
        return client.getDatabase(properties.mongo().database());
    }

    @Bean
    Durability durability(ObjectProvider<EmbeddedMongoServer> embedded) {
        EmbeddedMongoServer server = embedded.getIfAvailable();
        return server != null ? server.durability() : Durability.WRITE_CONCERN;
    }

    @Bean
    EventStorageEngine eventStorageEngine(MongoDatabase database,
                                          Durability durability,
                                          StoreProperties properties,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer,
                                          ObjectProvider<EventUpcaster> upcasters) {
        StoreProperties.EventLog eventLog = properties.eventLog();
        return MongoEventLogStorageEngine.builder()
                                         .database(database)
                                         .durability(durability)
                                         .eventSerializer(eventSerializer)
                                         .snapshotSerializer(serializer)
                                         .upcasterChain(new EventUpcasterChain(upcasters.orderedStream().toList()))
                                         .batchSize(eventLog.batchSize())
                                         .gapTimeout(eventLog.gapTimeout())
                                         .maxGapOffset(eventLog.maxGapOffset())
                                         .positionBlockSize(eventLog.positionBlockSize())
                                         .build();
    }

    @Bean
    TokenStore tokenStore(MongoClient client, StoreProperties properties, Serializer serializer) {
        return MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder()
                                                                 .mongoDatabase(client, properties.mongo().database())
                                                                 .build())
                              .serializer(serializer)
                              .build();
    }

    @Bean
    HealthIndicator eventStoreHealthIndicator(MongoDatabase database) {
        return () -> {
            long started = System.nanoTime();
            try {
                database.runCommand(new Document("ping", 1));
                return Health.up()
                             .withDetail("database", database.getName())
                             .withDetail("pingMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                             .build();
            } catch (RuntimeException e) {
                return Health.down(e).withDetail("database", database.getName()).build();
            }
        };
    }
}
