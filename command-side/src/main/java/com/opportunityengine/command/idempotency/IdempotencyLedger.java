package com.opportunityengine.command.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The durable record of idempotency keys, collection {@code idempotency_keys}: {@code _id} = the
 * key, {@code fingerprint} = SHA-256 of method, path and body, {@code state} IN_PROGRESS or DONE,
 * the response ({@code status}, {@code headers}, {@code body}) and times.
 * <p>
 * A request claims its key by inserting it (the unique {@code _id} decides between concurrent
 * duplicates). A success is recorded and made durable before the response leaves; a failure
 * releases the claim, so the client may retry with the same key. A claim left behind by a
 * request that died (a crash mid-command) may be taken over after {@code engine.idempotency.stale-claim-after}.
 */
@Component
class IdempotencyLedger {

    static final String COLLECTION = "idempotency_keys";
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String DONE = "DONE";

    private final MongoCollection<Document> keys;
    private final Clock clock;
    private final Duration staleClaimAfter;

    IdempotencyLedger(
            MongoDatabase database,
            Clock clock,
            @Value("${engine.idempotency.stale-claim-after:2m}") Duration staleClaimAfter) {
        this.keys = database.getCollection(COLLECTION);
        this.clock = clock;
        this.staleClaimAfter = staleClaimAfter;
    }

    /**
     * @throws IdempotencyKeyReusedException when the key was used for a different request
     * @throws IdempotencyKeyInUseException when the same request is still being processed
     */
    Claim claim(String key, String fingerprint) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = clock.instant();
            try {
                keys.insertOne(new Document("_id", key)
                        .append("fingerprint", fingerprint)
                        .append("state", IN_PROGRESS)
                        .append("claimedAt", Date.from(now)));
                return new Claim.Granted(key);
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            Document existing = keys.find(Filters.eq("_id", key)).first();
            if (existing == null) {
                continue; // released meanwhile: claim again
            }
            if (!fingerprint.equals(existing.getString("fingerprint"))) {
                throw new IdempotencyKeyReusedException(key);
            }
            if (DONE.equals(existing.getString("state"))) {
                return new Claim.Replay(responseOf(existing));
            }
            Date claimedAt = existing.getDate("claimedAt");
            if (claimedAt != null && claimedAt.toInstant().plus(staleClaimAfter).isBefore(now)) {
                long taken = keys.updateOne(
                                Filters.and(
                                        Filters.eq("_id", key),
                                        Filters.eq("state", IN_PROGRESS),
                                        Filters.eq("claimedAt", claimedAt)),
                                Updates.set("claimedAt", Date.from(now)))
                        .getModifiedCount();
                if (taken == 1) {
                    return new Claim.Granted(key);
                }
            }
            throw new IdempotencyKeyInUseException(key);
        }
        throw new IdempotencyKeyInUseException(key);
    }

    /** Records the successful response of a granted claim and waits until it is durable. */
    void complete(String key, StoredResponse response) {
        Document headers = new Document();
        response.headers().forEach(headers::append);
        keys.updateOne(
                Filters.eq("_id", key),
                Updates.combine(
                        Updates.set("state", DONE),
                        Updates.set("status", response.status()),
                        Updates.set("headers", headers),
                        Updates.set("body", response.body()),
                        Updates.set("createdAt", Date.from(clock.instant()))));
    }

    /** Gives a granted claim up (the request failed), so the key can be used again. */
    void release(String key) {
        keys.deleteOne(Filters.and(Filters.eq("_id", key), Filters.eq("state", IN_PROGRESS)));
    }

    private static StoredResponse responseOf(Document stored) {
        Map<String, String> headers = new LinkedHashMap<>();
        Document storedHeaders = stored.get("headers", Document.class);
        if (storedHeaders != null) {
            storedHeaders.forEach((name, value) -> headers.put(name, String.valueOf(value)));
        }
        return new StoredResponse(stored.getInteger("status", 200), headers, stored.getString("body"));
    }
}
