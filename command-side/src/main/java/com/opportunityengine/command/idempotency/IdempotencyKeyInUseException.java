package com.opportunityengine.command.idempotency;

/** A request with the same {@code Idempotency-Key} is still being processed; answered with 409, retry later. */
public class IdempotencyKeyInUseException extends RuntimeException {

    public IdempotencyKeyInUseException(String key) {
        super("a request with the Idempotency-Key '" + key + "' is still being processed; retry later");
    }
}
