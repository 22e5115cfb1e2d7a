package com.opportunityengine.platform.problem;

/**
 * A field, parameter or header the engine reads has a value it cannot accept, found outside Bean
 * Validation (a header, or a rule over several fields); answered with 400 {@code invalid-request} naming it.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
