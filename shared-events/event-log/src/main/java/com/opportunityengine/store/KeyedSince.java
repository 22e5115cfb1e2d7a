package com.opportunityengine.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The position from which every event of the log is keyed: recorded in collection {@value #COLLECTION} as
 * {@code {_id: "keyed", keyId, from, mac}} by the first start with a chain key, before its first append, with
 * {@code mac} = HMAC-SHA256 under the key over {@code field("opportunity-engine/keyed-since/hmac-v1") field(keyId)
 * field(from)}, so that nobody without the key can move it. A plain event at or after it is a downgrade, even in an
 * opportunity's chain that holds no keyed event (one rewritten from its first event). Read once, at start: deleting
 * the record later changes nothing until a restart, and a restart that finds it gone while the newest events are
 * keyed says so in the log. Without a valid record (no key, another key, an edited record) nothing is known.
 */
public final class KeyedSince {

    public static final String COLLECTION = "event_log_chain";
    static final String DOMAIN = "opportunity-engine/keyed-since/hmac-v1";
    private static final String ID = "keyed";
    private static final int NEWEST_WINDOW = 100;
    private static final Logger log = LoggerFactory.getLogger(KeyedSince.class);
    private static final KeyedSince UNKNOWN = new KeyedSince(null);

    private final Long from;

    private KeyedSince(Long from) {
        this.from = from;
    }

    /** Nothing known: no plain event is a downgrade by its position alone. */
    public static KeyedSince unknown() {
        return UNKNOWN;
    }

    /** Every event from {@code position} on must be keyed (as a valid record says). */
    public static KeyedSince at(long position) {
        return new KeyedSince(position);
    }

    /** Reads the record, or with a chain key and no record makes it (the log's high-water mark + 1). */
    public static KeyedSince establish(MongoDatabase database, HashChain chain) {
        if (!chain.isKeyed()) {
            return UNKNOWN;
        }
        MongoCollection<Document> records = Durable.writes(database).getCollection(COLLECTION);
        Document record = records.find(Filters.eq("_id", ID)).first();
        if (record == null) {
            EventLogReader reader = new EventLogReader(database);
            long highWaterMark = reader.highWaterMark();
            List<StoredEvent> newest =
                    reader.atPositions(Math.max(1, highWaterMark - NEWEST_WINDOW + 1), highWaterMark);
            if (newest.stream().anyMatch(StoredEvent::isKeyed)) {
                log.error(
                        "The log's newest events are keyed but its record of where the keyed chain begins ({}) is"
                                + " gone: someone deleted it. Recording a new one from here; per-opportunity checks cannot"
                                + " tell a chain rewritten with plain hashes before it (heads kept outside the engine can)",
                        COLLECTION);
            }
            long from = highWaterMark + 1;
            try {
                records.insertOne(new Document("_id", ID)
                        .append("keyId", chain.keyId())
                        .append("from", from)
                        .append("mac", chain.mac(DOMAIN, chain.keyId(), Long.toString(from))));
                return new KeyedSince(from);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                record = records.find(Filters.eq("_id", ID)).first(); // another node recorded it first
            }
        }
        Number from = record.get("from", Number.class);
        String mac =
                from == null ? null : chain.mac(DOMAIN, record.getString("keyId"), Long.toString(from.longValue()));
        if (!chain.keyId().equals(record.getString("keyId")) || !mac.equals(record.getString("mac"))) {
            log.error(
                    "The record of where the keyed chain begins ({}) is not this chain key's (key id {}) or was"
                            + " edited; per-opportunity checks cannot tell a chain rewritten with plain hashes",
                    COLLECTION,
                    chain.keyId());
            return UNKNOWN;
        }
        return new KeyedSince(from.longValue());
    }

    /** The first position every event from which on must be keyed, when known. */
    public Optional<Long> from() {
        return Optional.ofNullable(from);
    }

    /** Whether an event at this position must be keyed (a plain one there is a downgrade). */
    public boolean mustBeKeyed(long position) {
        return from != null && position >= from;
    }

    @Override
    public String toString() {
        return "KeyedSince[" + (from == null ? "unknown" : from) + "]";
    }
}
