package com.opportunityengine.engine.bench;

import com.opportunityengine.command.assignment.Assigner;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.email.EmailComposer;
import com.opportunityengine.pipeline.Pipelines;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationParameterResolverFactory;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.serialization.Serializer;

/**
 * The peer a user would pick instead of this engine: stock Axon Framework (its {@code DefaultConfigurer}, simple command
 * bus, event-sourcing repository, no aggregate cache) with Axon's own {@link JdbcEventStorageEngine} on PostgreSQL,
 * running the engine's own {@code Opportunity} and {@code Customer} aggregates, so the same command loop does the same
 * decisions. Connections come from HikariCP (auto-commit off) through Axon's
 * {@link UnitOfWorkAwareConnectionProviderWrapper}: a command's reads and its append share one connection and one
 * transaction, committed (and, with PostgreSQL's defaults, synced) when the unit of work commits.
 *
 * <p>The aggregates' resources are the engine's beans (pipelines, assignment rules, email composer) and a system clock;
 * the directory the aggregates ask whether a customer or an opportunity exists is the peer's own event store (one
 * look-up of the stream's last sequence number).
 */
final class PeerAxon implements AutoCloseable {

    private static final String OPPORTUNITY = "com.opportunityengine.command.opportunity.Opportunity";
    private static final String CUSTOMER = "com.opportunityengine.command.customer.Customer";

    private final HikariDataSource dataSource;
    private final Configuration configuration;
    private final JdbcEventStorageEngine storage;

    private PeerAxon(HikariDataSource dataSource, Configuration configuration, JdbcEventStorageEngine storage) {
        this.dataSource = dataSource;
        this.configuration = configuration;
        this.storage = storage;
    }

    /**
     * Starts the peer on the PostgreSQL at {@code jdbcUrl} with an empty event table (Axon's own schema for PostgreSQL,
     * dropped and created again).
     */
    static PeerAxon start(String jdbcUrl, EngineUnderTest engine) {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        pool.setAutoCommit(false);
        pool.setMaximumPoolSize(16);
        pool.setPoolName("bench-peer");
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            Serializer serializer = engine.eventSerializer();
            ConnectionProvider connections =
                    new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(dataSource));
            JdbcEventStorageEngine storage = JdbcEventStorageEngine.builder()
                    .connectionProvider(connections)
                    .transactionManager(NoTransactionManager.INSTANCE)
                    .eventSerializer(serializer)
                    .snapshotSerializer(serializer)
                    .build();
            dropTables(dataSource);
            createTables(dataSource);

            Configurer configurer = DefaultConfigurer.defaultConfiguration()
                    .configureSerializer(c -> serializer)
                    .configureEventSerializer(c -> serializer)
                    .configureEmbeddedEventStore(c -> storage)
                    .registerComponent(Clock.class, c -> Clock.systemUTC())
                    .registerComponent(Pipelines.class, c -> engine.bean(Pipelines.class))
                    .registerComponent(Assigner.class, c -> engine.bean(Assigner.class))
                    .registerComponent(EmailComposer.class, c -> engine.bean(EmailComposer.class))
                    .registerComponent(AggregateDirectory.class, c -> new Directory(c.eventStore()))
                    .registerComponent(
                            ParameterResolverFactory.class,
                            c -> MultiParameterResolverFactory.ordered(
                                    ClasspathParameterResolverFactory.forClass(PeerAxon.class),
                                    new ConfigurationParameterResolverFactory(c),
                                    new ActorParameterResolverFactory()));
            configureAggregate(configurer, OPPORTUNITY);
            configureAggregate(configurer, CUSTOMER);
            Configuration configuration = configurer.buildConfiguration();
            configuration.start();
            return new PeerAxon(dataSource, configuration, storage);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void configureAggregate(Configurer configurer, String className) {
        try {
            // package-private in the command side: the peer runs them as the engine does, through Axon's reflection
            configurer.configureAggregate((Class) Class.forName(className));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "the command side's aggregate " + className + " is not on the classpath", e);
        }
    }

    private static void dropTables(HikariDataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            // the raw table first: its copied key default uses the event table's sequence
            statement.execute("DROP TABLE IF EXISTS " + PeerBench.RAW_TABLE);
            statement.execute("DROP TABLE IF EXISTS domainevententry");
            statement.execute("DROP TABLE IF EXISTS snapshotevententry");
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not clear the peer's tables: " + e.getMessage(), e);
        }
    }

    /**
     * Axon's own tables for PostgreSQL ({@link PostgresEventTableFactory}, the default {@link EventSchema}), created on a
     * connection of the pool and committed: auto-commit is off, and {@code JdbcEventStorageEngine#createSchema} outside a
     * unit of work would be rolled back when the pool takes its connection back.
     */
    private static void createTables(HikariDataSource dataSource) {
        EventSchema schema = new EventSchema();
        try (Connection connection = dataSource.getConnection()) {
            try (var domain = PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, schema);
                    var snapshots = PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, schema)) {
                domain.execute();
                snapshots.execute();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the peer's event tables: " + e.getMessage(), e);
        }
    }

    CommandGateway gateway() {
        return configuration.commandGateway();
    }

    EventStorageEngine storage() {
        return storage;
    }

    HikariDataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        try {
            configuration.shutdown();
        } finally {
            dropTables(dataSource);
            dataSource.close();
        }
    }

    /** Whether a stream exists, from the peer's own event store: Axon's look-up of its last sequence number. */
    private record Directory(EventStore events) implements AggregateDirectory {
        @Override
        public boolean exists(String aggregateId, String aggregateType) {
            return events.lastSequenceNumberFor(aggregateId).isPresent();
        }

        @Override
        public List<Object> history(String aggregateId) {
            return events.readEvents(aggregateId)
                    .asStream()
                    .map(Message::getPayload)
                    .map(Object.class::cast)
                    .toList();
        }
    }
}
