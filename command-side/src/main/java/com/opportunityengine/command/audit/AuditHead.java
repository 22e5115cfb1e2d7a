package com.opportunityengine.command.audit;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.HashChain;
import com.opportunityengine.store.KeyedSince;
import com.opportunityengine.store.StoreProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The running head over the whole log, kept in collection {@value #COLLECTION} as one document
 * {@code {_id: "head", position, hash, eventsCovered, at}}. A scheduled task
 * ({@code engine.audit.head-interval}, default 5 s) chains every new event's hash in position
 * order ({@link EventHashes#headHash}), reading positions by key through {@link LogCursor}: it
 * passes a missing position only once it is permanently empty, so an append still in flight is
 * never skipped. Several nodes may run the task: a head is only replaced by one that extends it.
 * The link of a keyed event is keyed as well ({@link HashChain#headLink}): a node without the chain key
 * stops before the first keyed event, and so does its verification.
 */
@Component
class AuditHead {

    static final String COLLECTION = "audit_log_head";
    private static final String ID = "head";
    private static final long MAX_EVENTS_PER_RUN = 100_000;
    private static final Logger log = LoggerFactory.getLogger(AuditHead.class);

    private final MongoCollection<Document> heads;
    private final LogCursor cursor;
    private final Clock clock;
    private final HashChain chain;
    private final KeyedSince keyedSince;
    private final AtomicBoolean warnedOfKey = new AtomicBoolean();

    AuditHead(MongoDatabase database, Clock clock, StoreProperties store, HashChain chain, KeyedSince keyedSince) {
        this.chain = chain;
        this.keyedSince = keyedSince;
        this.heads = database.getCollection(COLLECTION);
        this.cursor = new LogCursor(database, clock, store.eventLog().gapTimeout());
        this.clock = clock;
    }

    HeadCheckpoint current() {
        Document stored = heads.find(Filters.eq("_id", ID)).first();
        if (stored == null) {
            return HeadCheckpoint.EMPTY;
        }
        Date at = stored.getDate("at");
        return new HeadCheckpoint(
                stored.get("position", Number.class).longValue(),
                stored.getString("hash"),
                stored.get("eventsCovered", Number.class).longValue(),
                at == null ? null : at.toInstant());
    }

    @Scheduled(
            fixedDelayString = "${engine.audit.head-interval:5s}",
            initialDelayString = "${engine.audit.head-interval:5s}")
    void scheduledAdvance() {
        try {
            advance();
        } catch (RuntimeException e) {
            log.warn("Could not advance the audit head; trying again later", e);
        }
    }

    /** Chains the events that follow the stored head and stores the new head; returns it. */
    HeadCheckpoint advance() {
        HeadCheckpoint from = current();
        Running running = new Running(from.position(), from.hash(), from.eventsCovered());
        cursor.forEach(from.position(), MAX_EVENTS_PER_RUN, Long.MAX_VALUE, false, event -> {
            if (!chain.canCheck(event)) {
                if (!warnedOfKey.getAndSet(true)) {
                    log.warn(
                            "The audit head stops before position {}: it is keyed (chain key id {}) and this node {}",
                            event.position(),
                            event.hashKeyId(),
                            chain.isKeyed() ? "has another chain key (" + chain.keyId() + ")" : "has no chain key");
                }
                return false;
            }
            String eventHash = event.hash();
            if (eventHash == null) { // written before the log had hashes: hash its content as stored
                eventHash = event.recomputedHash(event.previousHash());
            }
            running.chain(event.position(), chain.headLink(running.hash, event.position(), event, eventHash));
            return true;
        });
        if (running.position == from.position()) {
            return from;
        }
        HeadCheckpoint next = new HeadCheckpoint(
                running.position, running.hash, running.covered, Instant.ofEpochMilli(clock.millis()));
        Document document = new Document("_id", ID)
                .append("position", next.position())
                .append("hash", next.hash())
                .append("eventsCovered", next.eventsCovered())
                .append("at", Date.from(next.at()));
        try {
            heads.replaceOne(
                    Filters.and(Filters.eq("_id", ID), Filters.eq("position", from.position())),
                    document,
                    new ReplaceOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return current(); // another node advanced it first
        }
        return next;
    }

    /**
     * Re-chains the log as it is now from the first event up to {@code position} (recomputing each
     * event's hash from its stored content) and compares the result with a kept head hash.
     */
    HeadVerification verify(long position, String keptHash) {
        Running running = new Running(0, null, 0);
        Verdict verdict = new Verdict();
        cursor.forEach(0, Long.MAX_VALUE, position, true, event -> {
            if (!chain.canCheck(event)) {
                verdict.unverifiable(
                        event.position(), chain.isKeyed() ? ChainProblem.OTHER_CHAIN_KEY : ChainProblem.NO_CHAIN_KEY);
                return false;
            }
            if (!event.isKeyed() && (verdict.keyed || keyedSince.mustBeKeyed(event.position()))) {
                verdict.broken(event.position(), ChainProblem.DOWNGRADE);
            }
            verdict.keyed |= event.isKeyed();
            HashChain.Check check = chain.check(event, event.previousHash());
            if (event.hash() != null && check.outcome() != HashChain.Outcome.INTACT) {
                verdict.broken(
                        event.position(),
                        check.outcome() == HashChain.Outcome.UNKNOWN_SCHEME
                                ? ChainProblem.UNKNOWN_SCHEME
                                : ChainProblem.HASH_MISMATCH);
            }
            running.chain(event.position(), chain.headLink(running.hash, event.position(), event, check.recomputed()));
            return true;
        });
        boolean ok = verdict.firstBroken == null
                && verdict.unverifiable == null
                && keptHash.equalsIgnoreCase(String.valueOf(running.hash));
        return new HeadVerification(
                ok,
                position,
                running.hash,
                running.covered,
                verdict.keyed,
                verdict.firstBroken,
                verdict.unverifiable,
                verdict.problem);
    }

    /** What a re-chaining found: the first broken position, or where it had to stop. */
    private static final class Verdict {
        boolean keyed;
        Long firstBroken;
        Long unverifiable;
        ChainProblem problem;

        void broken(long position, ChainProblem why) {
            if (firstBroken == null && unverifiable == null) {
                firstBroken = position;
                problem = why;
            }
        }

        void unverifiable(long position, ChainProblem why) {
            keyed = true;
            unverifiable = position;
            if (firstBroken == null) {
                problem = why;
            }
        }
    }

    private static final class Running {
        long position;
        String hash;
        long covered;

        Running(long position, String hash, long covered) {
            this.position = position;
            this.hash = hash;
            this.covered = covered;
        }

        void chain(long eventPosition, String newHead) {
            hash = newHead;
            position = eventPosition;
            covered++;
        }
    }
}
