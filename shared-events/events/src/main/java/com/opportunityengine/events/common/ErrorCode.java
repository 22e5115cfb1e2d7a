package com.opportunityengine.events.common;

/**
 * Stable business error codes. They travel to callers inside a command's failure details and
 * are mapped once, at the edge, to an HTTP status through {@link Kind} (docs/errors.md).
 */
public enum ErrorCode {
    // the request names something that does not exist
    OPPORTUNITY_NOT_FOUND(Kind.NOT_FOUND),
    CUSTOMER_NOT_FOUND(Kind.NOT_FOUND),
    DEAL_NOT_FOUND(Kind.NOT_FOUND),
    TASK_NOT_FOUND(Kind.NOT_FOUND),
    TEAM_MEMBER_NOT_FOUND(Kind.NOT_FOUND),
    EMAIL_TEMPLATE_NOT_FOUND(Kind.NOT_FOUND),
    /** No email sequence has this id. */
    EMAIL_SEQUENCE_NOT_FOUND(Kind.NOT_FOUND),
    EMAIL_NOT_FOUND(Kind.NOT_FOUND),
    // the request is malformed or names an unknown reference value
    UNKNOWN_PIPELINE(Kind.INVALID),
    UNKNOWN_STAGE(Kind.INVALID),
    OCCURRED_IN_FUTURE(Kind.INVALID),
    INVALID_PIPELINE(Kind.INVALID),
    INVALID_AMOUNT(Kind.INVALID),
    /** An email names a template or a template version that does not exist. */
    UNKNOWN_EMAIL_TEMPLATE(Kind.INVALID),
    /** An enrolment names an email sequence that does not exist. */
    UNKNOWN_EMAIL_SEQUENCE(Kind.INVALID),
    /** An email without {@code to} whose customer has no registered email. */
    EMAIL_RECIPIENT_MISSING(Kind.INVALID),
    /** An email's {@code sendAt} lies more than a minute in the past. */
    SEND_AT_IN_PAST(Kind.INVALID),
    /** A forecast probability outside 0..100 (a whole percent). */
    INVALID_PROBABILITY(Kind.INVALID),
    /** A forecast update with neither a probability nor a forecast category. */
    FORECAST_MISSING(Kind.INVALID),
    // the request breaks a rule for the current state
    ALREADY_EXISTS(Kind.CONFLICT),
    OPPORTUNITY_CLOSED(Kind.CONFLICT),
    OPPORTUNITY_NOT_CLOSED(Kind.CONFLICT),
    OPPORTUNITY_CONVERTED(Kind.CONFLICT),
    ALREADY_IN_STAGE(Kind.CONFLICT),
    BACKWARD_MOVE_NEEDS_REASON(Kind.CONFLICT),
    OCCURRED_BEFORE_PREVIOUS_EVENT(Kind.CONFLICT),
    TASK_ALREADY_COMPLETED(Kind.CONFLICT),
    ALREADY_TEAM_MEMBER(Kind.CONFLICT),
    OWNER_UNCHANGED(Kind.CONFLICT),
    DEAL_ALREADY_CLOSED(Kind.CONFLICT),
    PIPELINE_STAGES_IN_USE(Kind.CONFLICT),
    /** No assignment rule matches a create without an owner, or no member of the matching rule is available. */
    NO_ASSIGNEE(Kind.CONFLICT),
    /** The address unsubscribed, bounced hard, complained, or bounced softly too often. */
    EMAIL_ADDRESS_SUPPRESSED(Kind.CONFLICT),
    /** Only a FAILED or UNKNOWN email may be retried. */
    EMAIL_NOT_RETRYABLE(Kind.CONFLICT),
    /** The opportunity is already enrolled in an active email sequence. */
    SEQUENCE_ALREADY_ACTIVE(Kind.CONFLICT),
    /** The opportunity has no active email sequence to unenrol from. */
    SEQUENCE_NOT_ACTIVE(Kind.CONFLICT),
    // the actor may see what the request names but may not do this to it; what they may not see is
    // NOT_FOUND above (OPPORTUNITY_NOT_FOUND, DEAL_NOT_FOUND), so that its existence is not revealed
    /** The actor's roles send no commands, or not this one (only a sales manager, a service or an admin assigns owners). */
    ROLE_NOT_ALLOWED(Kind.FORBIDDEN),
    /** The actor may not make this user the owner (a rep owns what they create; a manager stays within the team). */
    OWNER_NOT_ALLOWED(Kind.FORBIDDEN);

    /** What kind of failure a code is; the web layer maps kinds to statuses (404, 400, 409, 403). */
    public enum Kind {
        NOT_FOUND,
        INVALID,
        CONFLICT,
        FORBIDDEN
    }

    private final Kind kind;

    ErrorCode(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
