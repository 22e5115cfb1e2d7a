package com.opportunityengine.command.audit;

/** Why a chain check is not ok: what the first event it could not accept showed. */
enum ChainProblem {
    /** The expected sequence is not there, or another one is in its place (a deleted or reordered event). */
    MISSING_OR_OUT_OF_PLACE,
    /** The hash recomputed from what is stored, or the link to the previous event, differs: the event was changed. */
    HASH_MISMATCH,
    /** A plain SHA-256 event after a keyed one: no writer of the engine does that (the chain key never goes away). */
    DOWNGRADE,
    /** The document names a hash scheme the engine never writes. */
    UNKNOWN_SCHEME,
    /** A keyed event, and this node has no chain key: not verifiable without the chain key. */
    NO_CHAIN_KEY,
    /** A keyed event under another key than this node's (key rotation is not supported): not verifiable here. */
    OTHER_CHAIN_KEY
}
