package com.opportunityengine.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One small document, {@code security_epoch {_id: "security", epoch}}, that every write changing what a key
 * authenticates as (a revocation; a change to a user's roles, team or existence) increments after its own write and
 * before it answers. A node may answer a request from the keys it authenticated before only while the epoch it knows
 * is the one it knew then.
 *
 * <p>A node trusts an epoch it read for {@link #TRUSTED} after it sent that read (one {@code _id} read of this
 * document serves every request of that window instead of one read per request), and {@link #bump()} returns only
 * {@link #BUMP_WAIT} (longer) after its increment was acknowledged. So a request that arrives after a bump has
 * answered is served, on any node, from a read sent after the increment: a revocation made on any node is seen by
 * every node from the next request. The window is a constant, the same on every node, not a setting: a node
 * trusting longer than others wait would break that promise.
 */
@Component
public class SecurityEpoch {

    static final String COLLECTION = "security_epoch";
    private static final String ID = "security";

    /** How long after sending a read of the epoch a node answers from it. */
    static final Duration TRUSTED = Duration.ofMillis(200);

    /**
     * How long a bump waits after its increment before it returns: past every node's trust of an older read, with a
     * margin.
     */
    static final Duration BUMP_WAIT = TRUSTED.plusMillis(50);

    /** Waits a number of nanoseconds. */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** An epoch and the time (of {@link #ticker}) just before its read was sent. */
    private record Read(long epoch, long sentAt) {}

    private final MongoCollection<Document> epochs;
    private final LongSupplier ticker;
    private final Sleeper sleeper;
    private final AtomicReference<Read> last = new AtomicReference<>();

    @Autowired
    public SecurityEpoch(MongoDatabase database) {
        this(database, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    SecurityEpoch(MongoDatabase database, LongSupplier ticker, Sleeper sleeper) {
        this.epochs = database.getCollection(COLLECTION);
        this.ticker = ticker;
        this.sleeper = sleeper;
    }

    /** The epoch now (0 before the first bump): as read at most {@link #TRUSTED} ago, else read from the store. */
    public long current() {
        Read known = last.get();
        if (known != null && ticker.getAsLong() - known.sentAt() < TRUSTED.toNanos()) {
            return known.epoch();
        }
        long sentAt = ticker.getAsLong();
        Document document = epochs.find(Filters.eq("_id", ID)).first();
        Read fresh = new Read(document == null ? 0 : ((Number) document.get("epoch")).longValue(), sentAt);
        // keep the read sent last: an older one finishing late must not replace it
        last.accumulateAndGet(fresh, (kept, read) -> kept == null || read.sentAt() - kept.sentAt() > 0 ? read : kept);
        return fresh.epoch();
    }

    /**
     * Makes every node forget the keys it authenticated before. Call it after the write it publishes: a node that
     * reads the new epoch must find that write. Returns {@link #BUMP_WAIT} after the increment, once no node answers
     * from an earlier read any longer.
     */
    public void bump() {
        epochs.updateOne(Filters.eq("_id", ID), Updates.inc("epoch", 1L), new UpdateOptions().upsert(true));
        last.set(null);
        try {
            sleeper.sleep(BUMP_WAIT.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before every node had seen the new security epoch", e);
        }
    }
}
