package com.opportunityengine.command.audit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.HashChain;
import com.opportunityengine.store.MongoEventLogStorageEngine;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.bson.Document;

/** What someone who can write the store (its port, its file) but holds no chain key can do to the log. */
final class Tampering {

    private final MongoDatabase database;

    Tampering(MongoDatabase database) {
        this.database = database;
    }

    MongoCollection<Document> events() {
        return database.getCollection(MongoEventLogStorageEngine.EVENTS);
    }

    Document stored(String id, long sequence) {
        return events().find(Filters.eq("streamKey", id + "#" + sequence)).first();
    }

    /**
     * Edits the payload of the event at {@code from} and recomputes its hash and that of every later event of the
     * stream with plain SHA-256, as the documented formula says, dropping the keyed scheme's fields: a consistent
     * chain to anyone who does not hold the key. Returns the edited event's position.
     */
    long rewriteWithPlainHashes(String id, long from, UnaryOperator<String> payloadEdit) {
        String previous = from == 0 ? null : stored(id, from - 1).getString("hash");
        long position = -1;
        for (long sequence = from; ; sequence++) {
            Document event = stored(id, sequence);
            if (event == null) {
                return position;
            }
            if (sequence == from) {
                event.put("payload", payloadEdit.apply(event.getString("payload")));
                position = event.get("_id", Number.class).longValue();
            }
            event.remove(HashChain.SCHEME_FIELD);
            event.remove(HashChain.KEY_ID_FIELD);
            String hash = EventHashes.eventHash(event, previous);
            event.put("previousHash", previous);
            event.put("hash", hash);
            events().replaceOne(Filters.eq("_id", event.get("_id")), event);
            previous = hash;
        }
    }

    /** Edits the payload of one event and recomputes its hash with HMAC-SHA256 under a key of the attacker's own. */
    void rewriteWithOwnKey(String id, long sequence, byte[] key, UnaryOperator<String> payloadEdit) {
        Document event = stored(id, sequence);
        event.put("payload", payloadEdit.apply(event.getString("payload")));
        event.put("hash", EventHashes.eventHmac(key, event, event.getString("previousHash")));
        events().replaceOne(Filters.eq("_id", event.get("_id")), event);
    }

    /**
     * Copies the template stream's events under a new id at fresh positions, each hashed with HMAC-SHA256 under
     * {@code key} (as a node holding that key would have written them); returns the new id.
     */
    String copyKeyed(String template, int count, byte[] key) {
        String id = UUID.randomUUID().toString();
        Document counter = database.getCollection(MongoEventLogStorageEngine.COUNTERS)
                .findOneAndUpdate(
                        Filters.eq("_id", MongoEventLogStorageEngine.POSITION_COUNTER_ID),
                        Updates.inc("value", (long) count),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        long position = counter.get("value", Number.class).longValue() - count + 1;
        String previous = null;
        for (long sequence = 0; sequence < count; sequence++) {
            Document copy = new Document(stored(template, sequence));
            copy.put("_id", position + sequence);
            copy.put("streamKey", id + "#" + sequence);
            copy.put("aggregateIdentifier", id);
            copy.put("eventIdentifier", UUID.randomUUID().toString());
            copy.put("payload", copy.getString("payload").replace(template, id));
            String hash = EventHashes.eventHmac(key, copy, previous);
            copy.put("previousHash", previous);
            copy.put("hash", hash);
            copy.put(HashChain.SCHEME_FIELD, HashChain.HMAC_SHA256);
            copy.put(HashChain.KEY_ID_FIELD, EventHashes.keyId(key));
            events().insertOne(copy);
            previous = hash;
        }
        return id;
    }
}
