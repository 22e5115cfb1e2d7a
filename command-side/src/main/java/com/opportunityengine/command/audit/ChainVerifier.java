package com.opportunityengine.command.audit;

import com.opportunityengine.store.StoredEvent;
import java.util.Objects;

/**
 * Checks one aggregate's stored events, fed in sequence order, against their hash chain: each
 * event's hash is recomputed from its stored fields and the recomputed hash of its predecessor.
 * The first event that breaks the chain is named: a missing sequence (a deleted event), an
 * event out of place (reordered), or an event whose content, metadata or record time changed.
 */
final class ChainVerifier {

    private long expectedSequence;
    private String previousHash;
    private Long firstBroken;

    /** Checks the next stored event; false once the chain is broken (later events are not checked). */
    boolean accept(StoredEvent event) {
        if (firstBroken != null) {
            return false;
        }
        Long sequence = event.sequence();
        if (sequence == null || sequence != expectedSequence) {
            firstBroken = expectedSequence;
            return false;
        }
        String recomputed = event.recomputedHash(previousHash);
        if (!recomputed.equals(event.hash()) || !Objects.equals(previousHash, event.previousHash())) {
            firstBroken = expectedSequence;
            return false;
        }
        previousHash = recomputed;
        expectedSequence++;
        return true;
    }

    ChainVerification result() {
        return new ChainVerification(firstBroken == null, expectedSequence, firstBroken);
    }
}
