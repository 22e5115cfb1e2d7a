package com.opportunityengine.platform.problem;

import java.io.IOException;

/**
 * The request body is larger than the limit; answered with 413 {@code payload-too-large}. An
 * {@link IOException}, so that reading such a body fails with it (and the advice finds it under
 * Spring's {@code HttpMessageNotReadableException}).
 */
public class PayloadTooLargeException extends IOException {

    private final long limit;

    public PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
