package com.opportunityengine.command.idempotency;

/** An {@code Idempotency-Key} was sent again with a different request; answered with 422. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("the Idempotency-Key '" + key + "' was already used for a different request");
    }
}
