package com.opportunityengine.store;

import java.util.Arrays;
import java.util.Objects;
import org.bson.Document;

/**
 * How this node seals new events into the hash chain and checks stored ones: without a chain key every event's
 * {@code hash} is SHA-256 ({@link EventHashes#eventHash}); with one ({@code engine.audit.*}, see
 * {@link ChainKeys}) new events get HMAC-SHA256 under the key ({@link EventHashes#eventHmac}) and their document
 * records {@value #SCHEME_FIELD}{@code : "}{@value #HMAC_SHA256}{@code "} and {@value #KEY_ID_FIELD} (the key's id),
 * so that a check knows what to recompute. A document without {@value #SCHEME_FIELD} is a plain SHA-256 event (every
 * event written before the key was turned on). The key itself is never stored in the log, never logged and never
 * shown by {@link #toString()}.
 */
public final class HashChain {

    /** The document field naming the scheme of a keyed event's hash; absent for plain SHA-256. */
    public static final String SCHEME_FIELD = "hashScheme";
    /** The document field naming the key of a keyed event's hash ({@link EventHashes#keyId}). */
    public static final String KEY_ID_FIELD = "hashKeyId";
    /** The scheme of a keyed event. */
    public static final String HMAC_SHA256 = "hmac-sha256";
    /** The shortest chain key taken: as long as the HMAC's output. */
    public static final int MIN_KEY_BYTES = 32;

    private static final HashChain UNKEYED = new HashChain(null);

    private final byte[] key;
    private final String keyId;

    private HashChain(byte[] key) {
        this.key = key;
        this.keyId = key == null ? null : EventHashes.keyId(key);
    }

    /** Plain SHA-256 for new events; keyed events cannot be checked. */
    public static HashChain unkeyed() {
        return UNKEYED;
    }

    /** HMAC-SHA256 under {@code key} (at least {@value #MIN_KEY_BYTES} bytes) for new events and checks. */
    public static HashChain keyed(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    "a chain key has at least " + MIN_KEY_BYTES + " bytes, this one " + key.length);
        }
        return new HashChain(key.clone());
    }

    public boolean isKeyed() {
        return key != null;
    }

    /** The id of this node's chain key (null without one). */
    public String keyId() {
        return keyId;
    }

    /** Gives a new event document its {@code previousHash} and {@code hash} (and, keyed, its scheme and key id). */
    void seal(Document document, String previousHash) {
        if (key == null) {
            document.append("previousHash", previousHash).append("hash", EventHashes.eventHash(document, previousHash));
        } else {
            String hash = EventHashes.eventHmac(key, document, previousHash);
            document.append("previousHash", previousHash)
                    .append("hash", hash)
                    .append(SCHEME_FIELD, HMAC_SHA256)
                    .append(KEY_ID_FIELD, keyId);
        }
    }

    /**
     * Recomputes a stored event's hash by its own scheme from what is stored and the given previous hash, and compares
     * it with the stored one. A keyed event can only be recomputed with the key it names.
     */
    public Check check(StoredEvent event, String previousHash) {
        if (event.hashScheme() == null) {
            String recomputed = event.recomputedHash(previousHash);
            return new Check(recomputed.equals(event.hash()) ? Outcome.INTACT : Outcome.MISMATCH, recomputed);
        }
        if (!HMAC_SHA256.equals(event.hashScheme())) {
            return new Check(Outcome.UNKNOWN_SCHEME, event.recomputedHash(previousHash));
        }
        if (key == null) {
            return new Check(Outcome.NO_KEY, null);
        }
        if (!keyId.equals(event.hashKeyId())) {
            return new Check(Outcome.OTHER_KEY, null);
        }
        String recomputed = EventHashes.eventHmac(
                key,
                event.aggregateId(),
                event.sequence(),
                event.aggregateType(),
                event.eventId(),
                event.timestamp(),
                event.payloadType(),
                event.payloadRevision(),
                event.payload(),
                event.metaData(),
                previousHash);
        return new Check(recomputed.equals(event.hash()) ? Outcome.INTACT : Outcome.MISMATCH, recomputed);
    }

    /** Whether this node can chain (and check) the given event: a plain one always, a keyed one with its key. */
    public boolean canCheck(StoredEvent event) {
        return !event.isKeyed() || key != null && keyId.equals(event.hashKeyId());
    }

    /**
     * The running head after the event at {@code position} with hash {@code eventHash}: a keyed link
     * ({@link EventHashes#headHmac}) for a keyed event, a plain one for any other. Only for events this node
     * {@link #canCheck can check}.
     */
    public String headLink(String previousHead, long position, StoredEvent event, String eventHash) {
        if (!event.isKeyed()) {
            return EventHashes.headHash(previousHead, position, eventHash);
        }
        if (!canCheck(event)) {
            throw new IllegalStateException("the event at " + position + " is keyed with a key this node lacks");
        }
        return EventHashes.headHmac(key, previousHead, position, eventHash);
    }

    /** HMAC-SHA256 under the key over the canonical encoding of {@code fields} ({@link EventHashes}); keyed only. */
    String mac(String... fields) {
        if (key == null) {
            throw new IllegalStateException("an unkeyed chain has no key to authenticate with");
        }
        return EventHashes.hmac(key, fields);
    }

    @Override
    public String toString() {
        return key == null ? "HashChain[sha256]" : "HashChain[hmac-sha256, keyId=" + keyId + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HashChain chain && Arrays.equals(key, chain.key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    /** What a stored event's hash recomputes to. */
    public enum Outcome {
        /** Recomputed, equal to the stored hash. */
        INTACT,
        /** Recomputed, different: the event or its link was changed. */
        MISMATCH,
        /** The document names a scheme the engine never writes. */
        UNKNOWN_SCHEME,
        /** A keyed event, and this node has no chain key. */
        NO_KEY,
        /** A keyed event under another key than this node's (rotation is not supported). */
        OTHER_KEY
    }

    /**
     * @param outcome    the comparison
     * @param recomputed the recomputed hash (null for {@link Outcome#NO_KEY} and {@link Outcome#OTHER_KEY})
     */
    public record Check(Outcome outcome, String recomputed) {}
}
