package com.opportunityengine.query.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The problems a query can run into, as {@link ErrorResponseException}s carrying their
 * {@link ProblemDetail}; {@link QueryProblemDetailsAdvice} writes them as problem+json.
 */
public final class QueryProblems {

    private QueryProblems() {
    }

    /** 400: a query parameter is malformed or out of range. */
    public static ErrorResponseException badParameter(String field, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid query parameter '" + field + "': " + message);
        problem.setType(URI.create("urn:problem:invalid-parameter"));
        problem.setTitle("Invalid query parameter");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }

    /** 404: nothing is known under that id. */
    public static ErrorResponseException notFound(String what, Object id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No " + what + " with id " + id);
        problem.setType(URI.create("urn:problem:not-found"));
        problem.setTitle("Not found");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    /** 503 + Retry-After: the view has not caught up with the version the caller asked for. */
    public static ErrorResponseException notYetApplied(String what, Object id, long minVersion, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "The " + what + " view of " + id + " has not applied version " + minVersion + " yet");
        problem.setType(URI.create("urn:problem:view-behind"));
        problem.setTitle("View not caught up");
        problem.setProperty("minVersion", minVersion);
        ErrorResponseException exception = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
        exception.getHeaders().set(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        return exception;
    }
}
