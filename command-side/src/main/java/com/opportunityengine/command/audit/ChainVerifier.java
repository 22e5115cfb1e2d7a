package com.opportunityengine.command.audit;

import com.opportunityengine.store.EventHashes;
import java.util.Objects;
import org.bson.Document;

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
    boolean accept(Document event) {
        if (firstBroken != null) {
            return false;
        }
        Number sequence = event.get("sequenceNumber", Number.class);
        if (sequence == null || sequence.longValue() != expectedSequence) {
            firstBroken = expectedSequence;
            return false;
        }
        String recomputed = EventHashes.eventHash(event, previousHash);
        if (!recomputed.equals(event.getString("hash"))
                || !Objects.equals(previousHash, event.getString("previousHash"))) {
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
