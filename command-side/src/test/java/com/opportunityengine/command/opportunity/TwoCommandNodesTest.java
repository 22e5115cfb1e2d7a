package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.opportunity.OpportunityHistory.AMOUNT;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CLOSE_DATE;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ConflictRetryScheduler;
import com.opportunityengine.command.config.FreshAggregateCache;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.CreateOpportunity;
import com.opportunityengine.events.opportunity.LogContact;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.Reopen;
import com.opportunityengine.store.EventLogReader;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import com.opportunityengine.testing.EmbeddedMongo;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two command nodes on one event log, each with its own Axon configuration, aggregate cache and command gateway, as
 * two engine processes sharing a MongoDB are: a node decides on the log's current state whatever it had cached, and
 * an append that loses a race to the other node is sent again and succeeds.
 */
class TwoCommandNodesTest {

    private final List<Configuration> nodes = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledExecutorService retries = Executors.newScheduledThreadPool(2);
    private EmbeddedMongo mongo;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("two_nodes");
    }

    @AfterEach
    void stop() {
        nodes.forEach(Configuration::shutdown);
        retries.shutdownNow();
        mongo.close();
    }

    /** A node with the engine's cache, and the engine's retries when {@code retrying}. */
    private CommandGateway node(boolean freshCache, boolean retrying) {
        JacksonSerializer serializer = JacksonSerializer.builder()
                .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule()))
                .build();
        MongoEventLogStorageEngine engine = MongoEventLogStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        // the plain cache holds its entries strongly: a weak one may lose the stale entry to a garbage collection,
        // and then the node would read the log and the refusal this test shows would not happen
        Cache cache = freshCache
                ? new FreshAggregateCache(new WeakReferenceCache(), new EventLogReader(database))
                : new StrongCache();
        FakeDirectory directory = new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER);
        Configuration axon =
                AxonOnMemory.opportunitiesOn(engine, cache, directory).buildConfiguration();
        axon.start();
        nodes.add(axon);
        if (!retrying) {
            return axon.commandGateway();
        }
        return DefaultCommandGateway.builder()
                .commandBus(axon.commandBus())
                // more retries than the engine's default: six clients on one aggregate on a loaded 2-core machine
                // can lose eight races in a row; what is shown is that lost races are retried and all land
                .retryScheduler(ConflictRetryScheduler.create(retries, 40, 1, 20, meters))
                .build();
    }

    private static OpportunityId create(CommandGateway node) {
        OpportunityId id = OpportunityId.random();
        node.sendAndWait(new CreateOpportunity(
                id, "ERP", null, CUSTOMER, "web", AMOUNT, CLOSE_DATE, OWNER, null, null, List.of(), null));
        return id;
    }

    private static LogContact contact(OpportunityId id, Long expectedVersion) {
        return new LogContact(
                id,
                ContactId.random(),
                ContactChannel.CALL,
                ContactDirection.OUTBOUND,
                "call",
                null,
                null,
                null,
                expectedVersion);
    }

    private List<Long> sequences(OpportunityId id) {
        return nodes.get(0)
                .eventStore()
                .readEvents(id.toString())
                .asStream()
                .map(DomainEventMessage::getSequenceNumber)
                .toList();
    }

    @Test
    void aNodeDecidesOnTheStateTheOtherNodeLeftNotOnWhatItHadCached() {
        CommandGateway a = node(true, false);
        CommandGateway b = node(true, false);
        OpportunityId id = create(a);
        a.sendAndWait(new MarkLost(id, "budget", null, null, null)); // a caches it closed
        b.sendAndWait(new Reopen(id, "budget found", null, null, null));

        long version = a.sendAndWait(contact(id, null));

        assertThat(version).isEqualTo(3L);
        assertThat(sequences(id)).containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void withAPlainCacheTheSameNodeWouldRefuseOnAStateThatNoLongerHolds() {
        CommandGateway a = node(false, false);
        CommandGateway b = node(false, false);
        OpportunityId id = create(a);
        a.sendAndWait(new MarkLost(id, "budget", null, null, null));
        b.sendAndWait(new Reopen(id, "budget found", null, null, null));

        assertThatThrownBy(() -> a.sendAndWait(contact(id, null)))
                .isInstanceOfSatisfying(
                        BusinessRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OPPORTUNITY_CLOSED));
    }

    @Test
    void anIfMatchNamingTheVersionTheOtherNodeWroteIsHonoured() {
        CommandGateway a = node(true, false);
        CommandGateway b = node(true, false);
        OpportunityId id = create(a);
        long afterB = b.sendAndWait(contact(id, 0L));

        long afterA = a.sendAndWait(contact(id, afterB));

        assertThat(afterA).isEqualTo(2L);
    }

    @Test
    void appendsThatLoseRacesToTheOtherNodeAreSentAgainAndAllLand() throws Exception {
        List<CommandGateway> gateways = List.of(node(true, true), node(true, true));
        OpportunityId id = create(gateways.get(0));
        ExecutorService clients = Executors.newFixedThreadPool(6);
        List<Future<?>> sent = new ArrayList<>();
        for (int client = 0; client < 6; client++) {
            CommandGateway gateway = gateways.get(client % 2);
            sent.add(clients.submit(() -> {
                for (int i = 0; i < 20; i++) {
                    gateway.sendAndWait(contact(id, null));
                }
                return null;
            }));
        }
        for (Future<?> future : sent) {
            future.get();
        }
        clients.shutdown();

        assertThat(sequences(id))
                .as("every command landed once, the stream dense")
                .isEqualTo(LongStream.rangeClosed(0, 120).boxed().toList());
        double retried = meters.find(ConflictRetryScheduler.RETRIES).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
        assertThat(retried).as("six clients on one opportunity lose races").isPositive();
    }

    @Test
    void onlyLostRacesAreRetried() {
        assertThat(ConflictRetryScheduler.isLostRace(
                        new ConcurrencyException("lost", new IllegalStateException("duplicate key"))))
                .isTrue();
        assertThat(ConflictRetryScheduler.isLostRace(new BusinessRuleException(ErrorCode.OPPORTUNITY_CLOSED, "x")))
                .isFalse();
        assertThat(ConflictRetryScheduler.isLostRace(
                        new org.axonframework.modelling.command.ConflictingAggregateVersionException("id", 5, 3)))
                .as("the caller knows a newer version than this node had")
                .isTrue();
        assertThat(ConflictRetryScheduler.isLostRace(
                        new org.axonframework.modelling.command.ConflictingAggregateVersionException("id", 3, 5)))
                .as("the caller's read is stale")
                .isFalse();
    }

    /** An aggregate cache that keeps what it is given until it is removed. */
    private static final class StrongCache implements Cache {

        private final java.util.concurrent.ConcurrentHashMap<Object, Object> entries =
                new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        @SuppressWarnings("unchecked")
        public <K, V> V get(K key) {
            return (V) entries.get(key);
        }

        @Override
        public void put(Object key, Object value) {
            if (value == null) {
                entries.remove(key);
            } else {
                entries.put(key, value);
            }
        }

        @Override
        public boolean putIfAbsent(Object key, Object value) {
            return entries.putIfAbsent(key, value) == null;
        }

        @Override
        public boolean remove(Object key) {
            return entries.remove(key) != null;
        }

        @Override
        public void removeAll() {
            entries.clear();
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public org.axonframework.common.Registration registerCacheEntryListener(EntryListener listener) {
            return () -> true;
        }
    }
}
