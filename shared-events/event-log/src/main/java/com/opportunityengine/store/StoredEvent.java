package com.opportunityengine.store;

import org.bson.Document;

/**
 * One event exactly as the log stores it: no upcasting, no deserialisation, the payload and metadata as the JSON
 * text that was written and hashed. Audit, export and tools read the log through {@link EventLogReader} and get
 * these, so that only this package knows the stored field names.
 *
 * @param position        the global position (the document's {@code _id})
 * @param aggregateType   the aggregate type ({@code Opportunity}, ...); null for an event of no aggregate
 * @param aggregateId     the aggregate identifier
 * @param sequence        the sequence number in the aggregate's stream
 * @param eventId         the event identifier
 * @param timestamp       the record time as stored, ISO-8601 with nanoseconds
 * @param payloadType     the payload's type name
 * @param payloadRevision the payload's revision
 * @param payload         the payload's JSON text
 * @param metaData        the metadata's JSON text
 * @param previousHash    the hash of the same stream's previous event (null at sequence 0)
 * @param hash            this event's hash ({@link EventHashes})
 * @param recordedAt      when the append was recorded (epoch millis; null for documents older than the field)
 * @param hashScheme      {@value HashChain#HMAC_SHA256} for an event of the keyed chain; null for plain SHA-256
 * @param hashKeyId       the id of the chain key of a keyed event ({@link EventHashes#keyId}); null otherwise
 */
public record StoredEvent(
        long position,
        String aggregateType,
        String aggregateId,
        Long sequence,
        String eventId,
        String timestamp,
        String payloadType,
        String payloadRevision,
        String payload,
        String metaData,
        String previousHash,
        String hash,
        Long recordedAt,
        String hashScheme,
        String hashKeyId) {

    /** Whether its document says its hash is keyed ({@value HashChain#HMAC_SHA256}). */
    public boolean isKeyed() {
        return HashChain.HMAC_SHA256.equals(hashScheme);
    }

    /**
     * The plain SHA-256 hash this event would have, recomputed from what is stored and the given previous hash
     * ({@link HashChain#check} recomputes by the event's own scheme).
     */
    public String recomputedHash(String previous) {
        return EventHashes.eventHash(
                aggregateId,
                sequence,
                aggregateType,
                eventId,
                timestamp,
                payloadType,
                payloadRevision,
                payload,
                metaData,
                previous);
    }

    /** Reads a stored event document (the engine's own field names; see {@link MongoEventLogStorageEngine}). */
    public static StoredEvent of(Document document) {
        return new StoredEvent(
                number(document, "_id"),
                document.getString("type"),
                document.getString("aggregateIdentifier"),
                nullableNumber(document, "sequenceNumber"),
                document.getString("eventIdentifier"),
                document.getString("timestamp"),
                document.getString("payloadType"),
                document.getString("payloadRevision"),
                document.getString("payload"),
                document.getString("metaData"),
                document.getString("previousHash"),
                document.getString("hash"),
                nullableNumber(document, "recordedAt"),
                document.getString(HashChain.SCHEME_FIELD),
                document.getString(HashChain.KEY_ID_FIELD));
    }

    private static long number(Document document, String field) {
        return document.get(field, Number.class).longValue();
    }

    private static Long nullableNumber(Document document, String field) {
        Number value = document.get(field, Number.class);
        return value == null ? null : value.longValue();
    }
}
