package com.opportunityengine.events.common;

import java.util.Objects;

/**
 * Thrown by a command handler when a command breaks a business rule. Carries a stable
 * {@link ErrorCode}; the message is for humans and may change.
 */
public class BusinessRuleException extends RuntimeException {

    private final ErrorCode code;

    public BusinessRuleException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public ErrorCode code() {
        return code;
    }
}
