package com.opportunityengine.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.opportunityengine.testing.EmbeddedMongo;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' {@link SecurityEpoch} on one store and one hand-moved clock: a node answers from the epoch it read while
 * that read is younger than {@link SecurityEpoch#TRUSTED}, and a bump returns only once no node trusts a read sent
 * before it, so the next request on any node sees the new epoch.
 */
class SecurityEpochTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong slept = new AtomicLong();
    private EmbeddedMongo mongo;
    private MongoDatabase database;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("security_epoch_test");
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private SecurityEpoch node() {
        return new SecurityEpoch(database, nanos::get, wait -> {
            slept.addAndGet(wait);
            nanos.addAndGet(wait);
        });
    }

    private void incrementInTheStoreOnly() {
        database.getCollection(SecurityEpoch.COLLECTION)
                .updateOne(Filters.eq("_id", "security"), Updates.inc("epoch", 1L), new UpdateOptions().upsert(true));
    }

    @Test
    void aReadIsTrustedForTheWindowAfterItWasSentAndNotLonger() {
        SecurityEpoch node = node();
        assertThat(node.current()).isZero();

        incrementInTheStoreOnly();
        nanos.addAndGet(SecurityEpoch.TRUSTED.toNanos() - 1);
        assertThat(node.current()).as("answered from the read of the window").isZero();

        nanos.addAndGet(1);
        assertThat(node.current()).as("the window is over: read again").isEqualTo(1);
    }

    @Test
    void aBumpOnOneNodeReturnsOnlyOnceTheOtherNodeNoLongerTrustsItsEarlierRead() {
        SecurityEpoch nodeA = node();
        SecurityEpoch nodeB = node();
        assertThat(nodeB.current()).isZero();

        nodeA.bump();

        assertThat(slept.get()).isGreaterThan(SecurityEpoch.TRUSTED.toNanos());
        assertThat(nodeB.current()).as("the next request on the other node").isEqualTo(1);
        assertThat(nodeA.current()).isEqualTo(1);
    }

    @Test
    void theBumpingNodeForgetsItsOwnReadAtOnce() {
        SecurityEpoch node = new SecurityEpoch(database, nanos::get, wait -> {});
        assertThat(node.current()).isZero();
        node.bump();
        assertThat(node.current()).isEqualTo(1);
    }
}
