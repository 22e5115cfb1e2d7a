package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.List;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every appended event is chained to its aggregate's previous event, within a batch and across nodes. */
class EventLogChainTest {

    static EmbeddedStore store;

    @BeforeAll
    static void start() {
        store = new EmbeddedStore();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Opportunity", aggregate, sequence, aggregate + "-" + sequence);
    }

    static Document stored(MongoDatabase database, String aggregate, long sequence) {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS)
                .find(Filters.eq("streamKey", aggregate + "#" + sequence))
                .first();
    }

    @Test
    void eachEventCarriesTheHashOfItsContentAndOfItsPredecessor() {
        MongoDatabase database = store.freshDatabase();
        MongoEventLogStorageEngine node = store.engineBuilder(database).build();
        node.appendEvents(List.of(event("a", 0), event("a", 1), event("b", 0)));
        node.appendEvents(event("a", 2)); // the previous hash comes from this node's cache
        MongoEventLogStorageEngine otherNode = store.engineBuilder(database).build();
        otherNode.appendEvents(List.of(event("b", 1), event("a", 3))); // ... from one key look-up

        String previous = null;
        for (long sequence = 0; sequence < 4; sequence++) {
            Document event = stored(database, "a", sequence);
            assertThat(event.getString("previousHash")).as("a#" + sequence).isEqualTo(previous);
            assertThat(event.getString("hash")).isEqualTo(EventHashes.eventHash(event, previous));
            previous = event.getString("hash");
        }
        assertThat(stored(database, "b", 0).containsKey("previousHash")).isTrue();
        assertThat(stored(database, "b", 0).getString("previousHash")).isNull();
        assertThat(stored(database, "b", 1).getString("previousHash"))
                .isEqualTo(stored(database, "b", 0).getString("hash"));
        assertThat(stored(database, "b", 0).getString("metaData")).doesNotContain("hash");
    }
}
