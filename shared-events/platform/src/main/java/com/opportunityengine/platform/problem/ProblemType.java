package com.opportunityengine.platform.problem;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The problems the engine answers that are not business rules (those take their type from their
 * {@code ErrorCode}, see {@link Problems#businessRule}): each with its {@code type} URI
 * ({@value Problems#TYPE_PREFIX}{@code <slug>}), its status and its title. The catalogue is docs/errors.md.
 */
public enum ProblemType {
    /** A field, parameter or header has a value the engine cannot accept; {@code errors} names them. */
    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
    /** The body is not JSON, or not of the expected shape, or missing. */
    MALFORMED_JSON("malformed-json", HttpStatus.BAD_REQUEST, "Malformed JSON"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    /** The roles do not allow the request (the filter chain's rules). */
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    /** Nothing is known under that id or path (an opportunity, a customer or a deal answer their business code). */
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    /** The request conflicts with the current state in a way no business code names. */
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    ALREADY_EXISTS("already-exists", HttpStatus.CONFLICT, "Already exists"),
    CONCURRENT_MODIFICATION("concurrent-modification", HttpStatus.CONFLICT, "Concurrent modification"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT, "Idempotency key in use"),
    VERSION_MISMATCH("version-mismatch", HttpStatus.PRECONDITION_FAILED, "Version mismatch"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency key reused"),
    /** A bug: logged with the correlation id, answered without internals. */
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    /** A view has not applied the version the caller asked for yet ({@code minVersion}); with {@code Retry-After}. */
    VIEW_BEHIND("view-behind", HttpStatus.SERVICE_UNAVAILABLE, "View not caught up"),
    /** The store could not be reached or did not take the write; nothing was changed; with {@code Retry-After}. */
    STORE_UNAVAILABLE("store-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Store unavailable");

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return Problems.type(slug);
    }
}
