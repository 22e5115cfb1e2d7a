package com.opportunityengine.query.web;

import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.ErrorResponseException;

/**
 * The problems a query can run into, as {@link ErrorResponseException}s carrying their problem, made by
 * the platform's {@link Problems} (so they look as the command side's do); the app's one advice writes
 * them as they are.
 */
public final class QueryProblems {

    private QueryProblems() {}

    /** 400 {@code invalid-request}: a query parameter is malformed or out of range. */
    public static ErrorResponseException badParameter(String field, String message) {
        return Problems.exception(Problems.invalid(field, message));
    }

    /**
     * 404: nothing is known under that id. An opportunity or a customer answers its business code
     * ({@code opportunity-not-found}, {@code customer-not-found}), exactly as a command on it does;
     * anything else (a projection, a pipeline, an opportunity as of a past instant) answers {@code not-found}.
     *
     * @param what "opportunity", "customer", or what else is missing
     */
    public static ErrorResponseException notFound(String what, Object id) {
        return switch (what) {
            case "opportunity" -> notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, id);
            case "customer" -> notFound(ErrorCode.CUSTOMER_NOT_FOUND, id);
            default -> Problems.exception(Problems.of(ProblemType.NOT_FOUND, "No " + what + " with id " + id));
        };
    }

    /** 404 for a business code of kind NOT_FOUND, e.g. {@link ErrorCode#OPPORTUNITY_NOT_FOUND}. */
    public static ErrorResponseException notFound(ErrorCode code, Object id) {
        return Problems.exception(Problems.notFound(code, id));
    }

    /** 503 {@code view-behind} + Retry-After: the view has not caught up with the version the caller asked for. */
    public static ErrorResponseException notYetApplied(String what, Object id, long minVersion, Duration retryAfter) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return Problems.exception(
                Problems.viewBehind(
                        "The " + what + " view of " + id + " has not applied version " + minVersion + " yet",
                        minVersion),
                headers);
    }
}
