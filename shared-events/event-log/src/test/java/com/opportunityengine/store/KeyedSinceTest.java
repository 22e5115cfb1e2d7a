package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Where the keyed chain begins: recorded at the first keyed start, authenticated with the key, read once. */
class KeyedSinceTest {

    static final HashChain KEYED =
            HashChain.keyed("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static EmbeddedStore store;

    @BeforeAll
    static void start() {
        store = new EmbeddedStore();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    static MongoDatabase logOfThreePlainEvents() {
        MongoDatabase database = store.freshDatabase();
        store.engineBuilder(database)
                .build()
                .appendEvents(List.of(
                        new GenericDomainEventMessage<>("Opportunity", "a", 0, "a0"),
                        new GenericDomainEventMessage<>("Opportunity", "a", 1, "a1"),
                        new GenericDomainEventMessage<>("Opportunity", "b", 0, "b0")));
        return database;
    }

    @Test
    void theFirstKeyedStartRecordsTheNextPositionAndLaterStartsReadIt() {
        MongoDatabase database = logOfThreePlainEvents();

        KeyedSince first = KeyedSince.establish(database, KEYED);

        assertThat(first.from()).contains(4L);
        assertThat(first.mustBeKeyed(3)).isFalse();
        assertThat(first.mustBeKeyed(4)).isTrue();
        store.engineBuilder(database)
                .hashChain(KEYED)
                .build()
                .appendEvents(new GenericDomainEventMessage<>("Opportunity", "a", 2, "a2"));
        assertThat(KeyedSince.establish(database, KEYED).from()).contains(4L);
    }

    @Test
    void withoutAKeyNothingIsRecordedOrKnown() {
        MongoDatabase database = logOfThreePlainEvents();
        assertThat(KeyedSince.establish(database, HashChain.unkeyed()).from()).isEmpty();
        assertThat(database.getCollection(KeyedSince.COLLECTION).countDocuments())
                .isZero();
    }

    @Test
    void aRecordMovedWithoutTheKeyOrUnderAnotherKeyIsNotBelieved() {
        MongoDatabase database = logOfThreePlainEvents();
        KeyedSince.establish(database, KEYED);
        database.getCollection(KeyedSince.COLLECTION).updateOne(Filters.eq("_id", "keyed"), Updates.set("from", 100L));
        assertThat(KeyedSince.establish(database, KEYED).from()).isEmpty();

        MongoDatabase other = logOfThreePlainEvents();
        KeyedSince.establish(other, KEYED);
        HashChain otherKey = HashChain.keyed("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII));
        assertThat(KeyedSince.establish(other, otherKey).from()).isEmpty();
    }
}
