package com.opportunityengine.query.pipeline;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A 400 for bad query parameters: a problem detail with {@code errors: [{field, message}]}. Collect
 * with {@link #reject}, then {@link #throwIfAny}.
 */
public final class InvalidQueryParameters {

    private final List<Map<String, String>> errors = new ArrayList<>();

    public InvalidQueryParameters reject(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "The query parameters are invalid: " + errors.stream().map(e -> e.get("field")).toList());
        problem.setTitle("Invalid query parameter");
        problem.setType(URI.create("urn:problem:invalid-parameter"));
        problem.setProperty("errors", List.copyOf(errors));
        throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
    }
}
