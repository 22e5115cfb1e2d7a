package com.opportunityengine.store;

import java.util.function.UnaryOperator;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngineTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Axon's own contract for batching storage engines (the suite its JDBC and JPA engines pass),
 * unmodified, run against this engine on the embedded store with a fresh database per test.
 */
class MongoEventLogStorageEngineContractTest
        extends BatchingEventStorageEngineTest<MongoEventLogStorageEngine, MongoEventLogStorageEngine.Builder> {

    private static EmbeddedStore store;

    @BeforeAll
    static void startStore() {
        store = new EmbeddedStore();
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    @BeforeEach
    void setUp() {
        setTestSubject(createEngine());
    }

    @Override
    protected MongoEventLogStorageEngine createEngine(UnaryOperator<MongoEventLogStorageEngine.Builder> customization) {
        return customization.apply(store.engineBuilder(store.freshDatabase())).build();
    }
}
