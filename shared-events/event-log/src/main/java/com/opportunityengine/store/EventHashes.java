package com.opportunityengine.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.bson.Document;

/**
 * The tamper-evident chain of the event log: how an event's {@code hash} is computed from what
 * is stored, and how the running head over the whole log chains those hashes.
 *
 * <h2>Event hash (canonical encoding {@value #EVENT_DOMAIN})</h2>
 * {@code hash} = lowercase hex of SHA-256 over the concatenation of these fields, in this order,
 * each encoded as {@code <length in UTF-8 bytes, decimal>:<UTF-8 bytes>}, or as the single
 * character {@code ~} when absent (null):
 * <ol>
 *   <li>the literal {@value #EVENT_DOMAIN}</li>
 *   <li>{@code aggregateIdentifier}</li>
 *   <li>{@code sequenceNumber} in decimal</li>
 *   <li>{@code type} (aggregate type; absent for events of no aggregate)</li>
 *   <li>{@code eventIdentifier}</li>
 *   <li>{@code timestamp}: the record time exactly as stored ({@code 2026-03-01T09:30:00.123456789Z})</li>
 *   <li>{@code payloadType}</li>
 *   <li>{@code payloadRevision}</li>
 *   <li>{@code payload}: the payload's JSON text exactly as stored</li>
 *   <li>{@code metaData}: the metadata's JSON text exactly as stored (it never holds the hashes)</li>
 *   <li>{@code previousHash}: the {@code hash} of the same aggregate's event at sequence - 1 (absent at 0)</li>
 * </ol>
 * Example: the fields {@code "ab"}, absent, {@code "é"} encode as {@code 2:ab~2:é}.
 * Hashes cover the stored text, not a re-serialisation, so upcasting never changes them.
 *
 * <h2>Head hash (canonical encoding {@value #HEAD_DOMAIN})</h2>
 * Over the log in position order, starting from an absent hash before the first event:
 * {@code head(n) = SHA-256(field(HEAD_DOMAIN) field(head(n-1)) field(position) field(hash))},
 * with the same field encoding; positions that are permanently empty are skipped.
 */
public final class EventHashes {

    public static final String EVENT_DOMAIN = "opportunity-engine/event/v1";
    public static final String HEAD_DOMAIN = "opportunity-engine/head/v1";

    private static final HexFormat HEX = HexFormat.of();

    private EventHashes() {}

    /** The hash of a stored event document (the fields named above) given its previous hash. */
    public static String eventHash(Document event, String previousHash) {
        Number sequence = event.get("sequenceNumber", Number.class);
        return eventHash(
                event.getString("aggregateIdentifier"),
                sequence == null ? null : sequence.longValue(),
                event.getString("type"),
                event.getString("eventIdentifier"),
                event.getString("timestamp"),
                event.getString("payloadType"),
                event.getString("payloadRevision"),
                event.getString("payload"),
                event.getString("metaData"),
                previousHash);
    }

    public static String eventHash(
            String aggregateIdentifier,
            Long sequenceNumber,
            String type,
            String eventIdentifier,
            String timestamp,
            String payloadType,
            String payloadRevision,
            String payload,
            String metaData,
            String previousHash) {
        Canonical canonical = new Canonical()
                .field(EVENT_DOMAIN)
                .field(aggregateIdentifier)
                .field(sequenceNumber == null ? null : Long.toString(sequenceNumber))
                .field(type)
                .field(eventIdentifier)
                .field(timestamp)
                .field(payloadType)
                .field(payloadRevision)
                .field(payload)
                .field(metaData)
                .field(previousHash);
        return canonical.sha256();
    }

    /** The running head after chaining the event at {@code position} with hash {@code eventHash}. */
    public static String headHash(String previousHead, long position, String eventHash) {
        return new Canonical()
                .field(HEAD_DOMAIN)
                .field(previousHead)
                .field(Long.toString(position))
                .field(eventHash)
                .sha256();
    }

    /** The canonical bytes of a list of fields, exposed for tests and documentation. */
    static byte[] encode(String... fields) {
        Canonical canonical = new Canonical();
        for (String field : fields) {
            canonical.field(field);
        }
        return canonical.bytes();
    }

    private static final class Canonical {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(512);

        Canonical field(String value) {
            if (value == null) {
                out.write('~');
            } else {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                out.write(':');
                out.writeBytes(bytes);
            }
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        String sha256() {
            try {
                return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }
}
