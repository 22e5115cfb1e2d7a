package com.opportunityengine.command.web;

/** Names of the request attributes the web infrastructure shares between its filters, interceptors and the advice. */
public final class RequestAttributes {

    /** The request's correlation id (always set, made up when the caller sent none or an invalid one). */
    public static final String CORRELATION_ID = RequestAttributes.class.getName() + ".correlationId";
    /** Set when the caller's {@code X-Correlation-Id} was invalid: the value it sent. */
    static final String INVALID_CORRELATION_ID = RequestAttributes.class.getName() + ".invalidCorrelationId";
    /** Set when the body is larger than the limit. */
    static final String BODY_TOO_LARGE = RequestAttributes.class.getName() + ".bodyTooLarge";
    /** The body's bytes, read once by {@link RequestBodyLimitFilter} (absent for multipart requests). */
    public static final String BODY_BYTES = RequestAttributes.class.getName() + ".bodyBytes";

    public static final String CORRELATION_ID_HEADER = "X-Correlation-Id";
    public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private RequestAttributes() {}
}
