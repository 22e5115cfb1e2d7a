package com.opportunityengine.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * API keys, in the store's {@code api_keys} collection. A key reads {@code oe_<keyId>_<secret>}:
 * the key id (64 random bits, hex) finds the stored record, the secret (256 random bits from
 * {@link SecureRandom}, base64url) is compared in constant time with the stored SHA-256 of it.
 * The key itself is never stored or logged.
 *
 * <p>A key found valid is remembered with its user and the {@link SecurityEpoch} read before finding it; a later
 * request with that key only asks the epoch (one {@code _id} read of a tiny document per {@link SecurityEpoch#TRUSTED}
 * window, instead of the key and its user per request) and is answered from memory while the epoch is unchanged. A
 * revocation writes {@code revokedAt} and then bumps the epoch, which returns once no node trusts an older read of
 * it, so every node refuses the key from the next request.
 */
@Component
class ApiKeys {

    static final String COLLECTION = "api_keys";
    private static final String PREFIX = "oe_";
    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** At most this many keys are remembered; past it the memory starts afresh. */
    static final int REMEMBERED = 10_000;

    private final MongoCollection<Document> keys;
    private final UserDirectory users;
    private final SecurityEpoch epoch;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Authenticated> remembered = new ConcurrentHashMap<>();

    /** A valid key's hashed secret and its user, as found while the epoch was {@code epoch}. */
    private record Authenticated(byte[] secretSha256, User user, long epoch) {}

    ApiKeys(MongoDatabase database, UserDirectory users, SecurityEpoch epoch, Clock clock) {
        this.keys = database.getCollection(COLLECTION);
        this.users = users;
        this.epoch = epoch;
        this.clock = clock;
    }

    IssuedKey issue(String userId) {
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        keys.insertOne(new Document("_id", keyId)
                .append("userId", userId)
                .append("secretSha256", HexFormat.of().formatHex(sha256(secretText)))
                .append("createdAt", Date.from(clock.instant()))
                .append("revokedAt", null));
        return new IssuedKey(keyId, PREFIX + keyId + "_" + secretText);
    }

    /** The user of a valid, unrevoked key whose user exists; empty for anything else. */
    Optional<User> authenticate(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() != PREFIX.length() + 16 + 1 + 43) {
            return Optional.empty();
        }
        String keyId = key.substring(PREFIX.length(), PREFIX.length() + 16);
        String secret = key.substring(PREFIX.length() + 17);
        if (key.charAt(PREFIX.length() + 16) != '_'
                || !KEY_ID.matcher(keyId).matches()
                || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        byte[] presented = sha256(secret);
        // read before the key: a revocation between the two reads leaves this entry on the older epoch
        long now = epoch.current();
        Authenticated known = remembered.get(keyId);
        if (known != null && known.epoch() == now) {
            return MessageDigest.isEqual(known.secretSha256(), presented)
                    ? Optional.of(known.user())
                    : Optional.empty();
        }
        remembered.remove(keyId);
        Document stored = keys.find(Filters.eq("_id", keyId)).first();
        if (stored == null || stored.get("revokedAt") != null) {
            return Optional.empty();
        }
        byte[] expected = HexFormat.of().parseHex(stored.getString("secretSha256"));
        if (!MessageDigest.isEqual(expected, presented)) {
            return Optional.empty();
        }
        Optional<User> user = users.find(stored.getString("userId"));
        if (user.isPresent()) {
            if (remembered.size() >= REMEMBERED) {
                remembered.clear();
            }
            remembered.put(keyId, new Authenticated(expected, user.get(), now));
        }
        return user;
    }

    /** How many keys this node remembers (for tests). */
    int remembered() {
        return remembered.size();
    }

    /**
     * Revokes a key at once on every node; false when there is no such key. The epoch is bumped after the key is
     * marked (and again when it was marked already, in case an earlier revocation failed before its bump).
     */
    boolean revoke(String keyId) {
        if (!KEY_ID.matcher(keyId).matches()) {
            return false;
        }
        long matched = keys.updateOne(
                        Filters.and(Filters.eq("_id", keyId), Filters.eq("revokedAt", null)),
                        Updates.set("revokedAt", Date.from(clock.instant())))
                .getMatchedCount();
        if (matched == 0 && keys.countDocuments(Filters.eq("_id", keyId)) == 0) {
            return false;
        }
        epoch.bump();
        remembered.remove(keyId);
        return true;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
