package com.opportunityengine.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A node's URI is the store's with the node's database as its path, its options (the store's credentials) kept. */
class EngineProcessesTest {

    @Test
    void theDatabaseGoesBeforeTheOptions() {
        assertThat(EngineProcesses.withDatabase(
                        "mongodb://engine:pw@127.0.0.1:27017/?authSource=admin&authMechanism=SCRAM-SHA-256", "log"))
                .isEqualTo("mongodb://engine:pw@127.0.0.1:27017/log?authSource=admin&authMechanism=SCRAM-SHA-256");
        assertThat(EngineProcesses.withDatabase("mongodb://127.0.0.1:27017", "log"))
                .isEqualTo("mongodb://127.0.0.1:27017/log");
        assertThat(EngineProcesses.withDatabase("mongodb://h1,h2/?replicaSet=rs0", "log"))
                .isEqualTo("mongodb://h1,h2/log?replicaSet=rs0");
    }
}
