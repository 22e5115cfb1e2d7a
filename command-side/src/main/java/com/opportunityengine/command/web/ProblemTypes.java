package com.opportunityengine.command.web;

import java.net.URI;

/** The {@code type} URIs of the engine's problem documents. */
public final class ProblemTypes {

    private static final String PREFIX = "urn:opportunity-engine:problem:";

    public static final URI INVALID_REQUEST = of("invalid-request");
    public static final URI MALFORMED_JSON = of("malformed-json");
    public static final URI NOT_FOUND = of("not-found");
    public static final URI FORBIDDEN = of("forbidden");
    public static final URI BUSINESS_RULE = of("business-rule");
    public static final URI ALREADY_EXISTS = of("already-exists");
    public static final URI CONCURRENT_MODIFICATION = of("concurrent-modification");
    public static final URI VERSION_MISMATCH = of("version-mismatch");
    public static final URI IDEMPOTENCY_KEY_REUSED = of("idempotency-key-reused");
    public static final URI IDEMPOTENCY_KEY_IN_USE = of("idempotency-key-in-use");
    public static final URI PAYLOAD_TOO_LARGE = of("payload-too-large");
    public static final URI INTERNAL_ERROR = of("internal-error");

    private ProblemTypes() {
    }

    public static URI of(String slug) {
        return URI.create(PREFIX + slug);
    }
}
