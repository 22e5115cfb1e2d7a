package com.opportunityengine.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes' {@link ApiKeys} on one store, each remembering the keys it authenticated: a revocation made on either
 * is refused by both from the next request, and a remembered key is answered from memory until the epoch moves.
 */
class ApiKeysTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC);
    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private UserDirectory users;
    private ApiKeys nodeA;
    private ApiKeys nodeB;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("api_keys_test");
        users = new UserDirectory(database);
        nodeA = node();
        nodeB = node();
        users.create(new User("ann", "Ann", Set.of(Role.SALES_REP), "north", clock.instant()));
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private ApiKeys node() {
        return new ApiKeys(database, new UserDirectory(database), new SecurityEpoch(database), clock);
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedByTheOtherFromTheNextRequest() {
        IssuedKey issued = nodeA.issue("ann");
        assertThat(nodeA.authenticate(issued.key())).map(User::userId).contains("ann");
        assertThat(nodeB.authenticate(issued.key())).map(User::userId).contains("ann");
        assertThat(nodeB.remembered()).isEqualTo(1);

        assertThat(nodeA.revoke(issued.keyId())).isTrue();

        assertThat(nodeB.authenticate(issued.key())).isEmpty();
        assertThat(nodeA.authenticate(issued.key())).isEmpty();
        assertThat(nodeB.remembered()).isZero();
    }

    @Test
    void revokingAKeyRevokedAlreadyStillMovesTheEpochAndAnUnknownKeyIsNotFound() {
        IssuedKey issued = nodeA.issue("ann");
        SecurityEpoch epoch = new SecurityEpoch(database);
        // an earlier revocation that marked the key but failed before its bump
        database.getCollection(ApiKeys.COLLECTION)
                .updateOne(Filters.eq("_id", issued.keyId()), Updates.set("revokedAt", new java.util.Date()));
        long before = epoch.current();
        assertThat(nodeB.revoke(issued.keyId())).isTrue();
        assertThat(epoch.current()).isEqualTo(before + 1);
        assertThat(nodeB.revoke("0000000000000000")).isFalse();
        assertThat(epoch.current()).isEqualTo(before + 1);
    }

    @Test
    void aRememberedKeyIsAnsweredFromMemoryWhileTheEpochStandsStill() {
        IssuedKey issued = nodeA.issue("ann");
        assertThat(nodeB.authenticate(issued.key())).isPresent();
        // gone from the store without a bump: only a key answered from memory still authenticates
        database.getCollection(ApiKeys.COLLECTION).deleteOne(Filters.eq("_id", issued.keyId()));
        database.getCollection(UserDirectory.COLLECTION).deleteOne(Filters.eq("_id", "ann"));
        assertThat(nodeB.authenticate(issued.key())).map(User::userId).contains("ann");
        assertThat(nodeA.authenticate(issued.key())).as("never remembered on A").isEmpty();

        new SecurityEpoch(database).bump();

        assertThat(nodeB.authenticate(issued.key())).isEmpty();
    }

    @Test
    void aRoleChangeThatBumpsTheEpochIsSeenByEveryNodeAtOnce() {
        IssuedKey issued = nodeA.issue("ann");
        assertThat(nodeA.authenticate(issued.key())).map(User::roles).contains(Set.of(Role.SALES_REP));
        assertThat(nodeB.authenticate(issued.key())).map(User::roles).contains(Set.of(Role.SALES_REP));

        database.getCollection(UserDirectory.COLLECTION)
                .updateOne(Filters.eq("_id", "ann"), Updates.set("roles", List.of("SALES_MANAGER")));
        new SecurityEpoch(database).bump();

        assertThat(nodeA.authenticate(issued.key())).map(User::roles).contains(Set.of(Role.SALES_MANAGER));
        assertThat(nodeB.authenticate(issued.key())).map(User::roles).contains(Set.of(Role.SALES_MANAGER));
    }

    @Test
    void aRememberedKeyWithAnotherSecretIsRefused() {
        IssuedKey issued = nodeA.issue("ann");
        assertThat(nodeA.authenticate(issued.key())).isPresent();
        String secret = issued.key().substring(issued.key().length() - 43);
        String forged = issued.key().substring(0, issued.key().length() - 43)
                + (secret.charAt(0) == 'A' ? 'B' : 'A')
                + secret.substring(1);
        assertThat(nodeA.authenticate(forged)).isEmpty();
        assertThat(nodeA.authenticate(issued.key())).isPresent();
    }

    @Test
    void aKeyWhoseUserIsGoneIsRefusedAndNotRemembered() {
        IssuedKey issued = nodeA.issue("ann");
        database.getCollection(UserDirectory.COLLECTION).deleteOne(Filters.eq("_id", "ann"));
        assertThat(nodeA.authenticate(issued.key())).isEmpty();
        assertThat(nodeA.remembered()).isZero();
    }
}
