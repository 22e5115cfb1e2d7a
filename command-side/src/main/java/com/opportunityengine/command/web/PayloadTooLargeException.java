package com.opportunityengine.command.web;

import java.io.IOException;

/** The request body is larger than {@code engine.web.max-body-bytes}; answered with 413. */
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
