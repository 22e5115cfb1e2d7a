package com.opportunityengine.events.common;

/**
 * The serialisable details of a broken business rule, as carried in a
 * {@code CommandExecutionException}'s details across process boundaries.
 */
public record BusinessError(ErrorCode code, String message) {

    public static BusinessError of(BusinessRuleException exception) {
        return new BusinessError(exception.code(), exception.getMessage());
    }

    public BusinessRuleException toException() {
        return new BusinessRuleException(code, message);
    }
}
