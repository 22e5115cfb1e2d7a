package com.opportunityengine.command.audit;

import com.opportunityengine.store.HashChain;
import com.opportunityengine.store.KeyedSince;
import com.opportunityengine.store.StoredEvent;
import java.util.Objects;

/**
 * Checks one aggregate's stored events, fed in sequence order, against their hash chain: each
 * event's hash is recomputed by its own scheme (plain SHA-256, or HMAC-SHA256 under the chain key:
 * {@link HashChain#check}) from its stored fields and the recomputed hash of its predecessor.
 * The first event that breaks the chain is named: a missing sequence (a deleted event), an
 * event out of place (reordered), an event whose content, metadata or record time changed, or a
 * plain event after a keyed one (a downgrade: someone without the key rewrote the keyed events and
 * recomputed plain hashes), or a plain event at or after the position from which the log is keyed
 * ({@link KeyedSince}: a chain rewritten from its first event). A keyed event this node has no key for stops the check: it is neither
 * intact nor broken, but not verifiable here.
 */
final class ChainVerifier {

    private final HashChain chain;
    private final KeyedSince keyedSince;
    private long expectedSequence;
    private String previousHash;
    private boolean keyed;
    private ChainVerification stopped;

    ChainVerifier(HashChain chain, KeyedSince keyedSince) {
        this.chain = chain;
        this.keyedSince = keyedSince;
    }

    /** Checks the next stored event; false once the chain is broken (later events are not checked). */
    boolean accept(StoredEvent event) {
        if (stopped != null) {
            return false;
        }
        Long sequence = event.sequence();
        if (sequence == null || sequence != expectedSequence) {
            return stop(ChainVerification.broken(
                    expectedSequence, keyed, expectedSequence, ChainProblem.MISSING_OR_OUT_OF_PLACE));
        }
        if (!event.isKeyed() && (keyed || keyedSince.mustBeKeyed(event.position()))) {
            return stop(ChainVerification.broken(expectedSequence, keyed, expectedSequence, ChainProblem.DOWNGRADE));
        }
        keyed |= event.isKeyed();
        if (!Objects.equals(previousHash, event.previousHash())) {
            return stop(
                    ChainVerification.broken(expectedSequence, keyed, expectedSequence, ChainProblem.HASH_MISMATCH));
        }
        HashChain.Check check = chain.check(event, previousHash);
        ChainProblem problem = switch (check.outcome()) {
            case INTACT -> null;
            case MISMATCH -> ChainProblem.HASH_MISMATCH;
            case UNKNOWN_SCHEME -> ChainProblem.UNKNOWN_SCHEME;
            case NO_KEY -> ChainProblem.NO_CHAIN_KEY;
            case OTHER_KEY -> ChainProblem.OTHER_CHAIN_KEY;
        };
        if (problem == ChainProblem.NO_CHAIN_KEY || problem == ChainProblem.OTHER_CHAIN_KEY) {
            return stop(ChainVerification.unverifiable(expectedSequence, expectedSequence, problem));
        }
        if (problem != null) {
            return stop(ChainVerification.broken(expectedSequence, keyed, expectedSequence, problem));
        }
        previousHash = check.recomputed();
        expectedSequence++;
        return true;
    }

    private boolean stop(ChainVerification result) {
        stopped = result;
        return false;
    }

    ChainVerification result() {
        return stopped != null ? stopped : ChainVerification.intact(expectedSequence, keyed);
    }
}
