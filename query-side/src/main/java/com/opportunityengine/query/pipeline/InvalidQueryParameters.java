package com.opportunityengine.query.pipeline;

import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.Problems;
import java.util.ArrayList;
import java.util.List;

/**
 * A 400 {@code invalid-request} for bad query parameters, made by the platform's {@link Problems}:
 * {@code errors: [{field, message}]} in the order rejected. Collect with {@link #reject}, then
 * {@link #throwIfAny}.
 */
public final class InvalidQueryParameters {

    private final List<FieldProblem> errors = new ArrayList<>();

    public InvalidQueryParameters reject(String field, String message) {
        errors.add(new FieldProblem(field, message));
        return this;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
    }
}
