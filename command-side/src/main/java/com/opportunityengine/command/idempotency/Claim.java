package com.opportunityengine.command.idempotency;

/** The outcome of claiming an idempotency key: go ahead, or replay what the first request answered. */
sealed interface Claim {

    /** The key is this request's: process it, then complete or release the claim. */
    record Granted(String key) implements Claim {}

    /** The same request already succeeded: answer what it answered. */
    record Replay(StoredResponse response) implements Claim {}
}
