package com.opportunityengine.events.common;

import java.util.Locale;
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

    /**
     * The request names something that does not exist, or that the actor may not see (which answers the
     * same, so that its existence is not revealed): {@code there is no opportunity <id>}. Worded here once,
     * so that every side and every check says it alike.
     *
     * @param code a code of kind {@link ErrorCode.Kind#NOT_FOUND}, e.g. {@link ErrorCode#OPPORTUNITY_NOT_FOUND}
     */
    public static BusinessRuleException notFound(ErrorCode code, Object id) {
        if (code.kind() != ErrorCode.Kind.NOT_FOUND) {
            throw new IllegalArgumentException(code + " is not a NOT_FOUND code");
        }
        String what = code.name()
                .substring(0, code.name().length() - "_NOT_FOUND".length())
                .toLowerCase(Locale.ROOT)
                .replace('_', ' ');
        return new BusinessRuleException(code, "there is no " + what + " " + id);
    }
}
