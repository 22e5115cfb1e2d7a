package com.opportunityengine.store;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
 *
 * <h2>Keyed chain (canonical encodings {@value #EVENT_HMAC_DOMAIN}, {@value #HEAD_HMAC_DOMAIN})</h2>
 * With a chain key ({@link HashChain}), an event's hash is HMAC-SHA256 under that key over the same fields, the
 * first one being {@value #EVENT_HMAC_DOMAIN} instead of {@value #EVENT_DOMAIN}; the head's link for such an event is
 * HMAC-SHA256 under the key over the head's fields with {@value #HEAD_HMAC_DOMAIN} first. Whoever can write the store
 * but does not hold the key cannot recompute them. The key's id is {@link #keyId}: the first 8 bytes of SHA-256 of
 * the key, in hex.
 */
public final class EventHashes {

    public static final String EVENT_DOMAIN = "opportunity-engine/event/v1";
    public static final String HEAD_DOMAIN = "opportunity-engine/head/v1";
    public static final String EVENT_HMAC_DOMAIN = "opportunity-engine/event/hmac-v1";
    public static final String HEAD_HMAC_DOMAIN = "opportunity-engine/head/hmac-v1";

    private static final HexFormat HEX = HexFormat.of();

    private EventHashes() {}

    /** The hash of a stored event document (the fields named above) given its previous hash. */
    public static String eventHash(Document event, String previousHash) {
        return documentFields(EVENT_DOMAIN, event, previousHash).sha256();
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
        return eventFields(
                        EVENT_DOMAIN,
                        aggregateIdentifier,
                        sequenceNumber,
                        type,
                        eventIdentifier,
                        timestamp,
                        payloadType,
                        payloadRevision,
                        payload,
                        metaData,
                        previousHash)
                .sha256();
    }

    /** The keyed hash of a stored event document: HMAC-SHA256 under {@code key} ({@value #EVENT_HMAC_DOMAIN}). */
    public static String eventHmac(byte[] key, Document event, String previousHash) {
        return documentFields(EVENT_HMAC_DOMAIN, event, previousHash).hmacSha256(key);
    }

    public static String eventHmac(
            byte[] key,
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
        return eventFields(
                        EVENT_HMAC_DOMAIN,
                        aggregateIdentifier,
                        sequenceNumber,
                        type,
                        eventIdentifier,
                        timestamp,
                        payloadType,
                        payloadRevision,
                        payload,
                        metaData,
                        previousHash)
                .hmacSha256(key);
    }

    /** The fields named above read from a stored event document, behind {@code domain}. */
    private static Canonical documentFields(String domain, Document event, String previousHash) {
        Number sequence = event.get("sequenceNumber", Number.class);
        return eventFields(
                domain,
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

    private static Canonical eventFields(
            String domain,
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
        return new Canonical()
                .field(domain)
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

    /** The keyed head link for an event of the keyed chain: HMAC-SHA256 under {@code key} ({@value #HEAD_HMAC_DOMAIN}). */
    public static String headHmac(byte[] key, String previousHead, long position, String eventHash) {
        return new Canonical()
                .field(HEAD_HMAC_DOMAIN)
                .field(previousHead)
                .field(Long.toString(position))
                .field(eventHash)
                .hmacSha256(key);
    }

    /** The id of a chain key: the first 8 bytes of its SHA-256, lowercase hex (16 characters); names, never reveals. */
    public static String keyId(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HEX.formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** HMAC-SHA256 under {@code key} over the canonical encoding of {@code fields}, lowercase hex. */
    static String hmac(byte[] key, String... fields) {
        Canonical canonical = new Canonical();
        for (String field : fields) {
            canonical.field(field);
        }
        return canonical.hmacSha256(key);
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

        String hmacSha256(byte[] key) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return HEX.formatHex(mac.doFinal(bytes()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
            }
        }
    }
}
