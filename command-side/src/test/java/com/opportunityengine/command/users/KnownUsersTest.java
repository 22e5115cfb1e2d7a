package com.opportunityengine.command.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.SecurityEpoch;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import com.opportunityengine.testing.EmbeddedMongo;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A user found is answered from memory while the security epoch is unchanged (a command creating an opportunity does
 * not read the owner from the store each time); a bump makes it read again, and a user not found is never remembered.
 */
class KnownUsersTest {

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private UserDirectory users;
    private KnownUsers known;

    @BeforeEach
    void start() {
        mongo = new EmbeddedMongo();
        database = mongo.database("known_users_test");
        users = new UserDirectory(database);
        known = new KnownUsers(users, new SecurityEpoch(database), true);
    }

    @AfterEach
    void stop() {
        mongo.close();
    }

    private void createAnn() {
        users.create(new User("ann", "Ann", Set.of(Role.SALES_REP), null, Instant.parse("2026-03-01T09:00:00Z")));
    }

    private void removeAnnFromTheStoreOnly() {
        database.getCollection("users").deleteOne(Filters.eq("_id", "ann"));
    }

    @Test
    void aUserFoundIsAnsweredFromMemoryUntilTheEpochMoves() {
        createAnn();
        assertThat(known.known(new UserId("ann"))).isTrue();

        removeAnnFromTheStoreOnly();
        assertThat(known.known(new UserId("ann")))
                .as("from memory, the epoch unchanged")
                .isTrue();

        new SecurityEpoch(database).bump();
        assertThat(known.known(new UserId("ann")))
                .as("read again after the bump")
                .isFalse();
    }

    @Test
    void aUserNotFoundIsNotRememberedSoItIsKnownOnceCreated() {
        assertThat(known.known(new UserId("ann"))).isFalse();
        createAnn();
        assertThat(known.known(new UserId("ann"))).isTrue();
    }

    @Test
    void withTheCheckOffEveryIdIsKnown() {
        KnownUsers unchecked = new KnownUsers(users, new SecurityEpoch(database), false);
        assertThat(unchecked.known(new UserId("nobody"))).isTrue();
    }
}
