package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
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

    @Test
    void withAChainKeyNewEventsAreKeyedAndNameTheirSchemeWhileEarlierOnesKeepTheirPlainHashes() {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        HashChain chain = HashChain.keyed(key);
        MongoDatabase database = store.freshDatabase();
        store.engineBuilder(database).build().appendEvents(List.of(event("a", 0), event("a", 1)));
        Document plainBefore = stored(database, "a", 1);
        MongoEventLogStorageEngine keyed =
                store.engineBuilder(database).hashChain(chain).build();
        keyed.appendEvents(event("a", 2));
        keyed.appendEvents(List.of(event("a", 3), event("b", 0)));

        assertThat(stored(database, "a", 1)).isEqualTo(plainBefore);
        assertThat(plainBefore.containsKey(HashChain.SCHEME_FIELD)).isFalse();
        assertThat(plainBefore.getString("hash"))
                .isEqualTo(EventHashes.eventHash(plainBefore, plainBefore.getString("previousHash")));
        String previous = plainBefore.getString("hash");
        for (long sequence = 2; sequence < 4; sequence++) {
            Document event = stored(database, "a", sequence);
            assertThat(event.getString("previousHash")).as("a#" + sequence).isEqualTo(previous);
            assertThat(event.getString(HashChain.SCHEME_FIELD)).isEqualTo(HashChain.HMAC_SHA256);
            assertThat(event.getString(HashChain.KEY_ID_FIELD)).isEqualTo(EventHashes.keyId(key));
            assertThat(event.getString("hash"))
                    .isEqualTo(EventHashes.eventHmac(key, event, previous))
                    .isNotEqualTo(EventHashes.eventHash(event, previous));
            assertThat(chain.check(StoredEvent.of(event), previous).outcome()).isEqualTo(HashChain.Outcome.INTACT);
            previous = event.getString("hash");
        }
        Document b = stored(database, "b", 0);
        assertThat(b.getString("hash")).isEqualTo(EventHashes.eventHmac(key, b, null));

        String base64 = Base64.getEncoder().encodeToString(key);
        String hex = HexFormat.of().formatHex(key);
        for (String collection : database.listCollectionNames()) {
            database.getCollection(collection)
                    .find()
                    .forEach(document -> assertThat(document.toJson())
                            .as("the key is never stored")
                            .doesNotContain(base64)
                            .doesNotContain(hex)
                            .doesNotContain(new String(key, StandardCharsets.US_ASCII)));
        }
    }
}
