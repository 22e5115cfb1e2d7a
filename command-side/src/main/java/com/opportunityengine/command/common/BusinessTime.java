package com.opportunityengine.command.common;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import java.time.Clock;
import java.time.Instant;

/**
 * The business time of a command ({@code occurredAt}): the command's own, or now when it has
 * none. It may not lie in the future, nor before the previous event of the same stream.
 */
public final class BusinessTime {

    private BusinessTime() {}

    /**
     * @param occurredAt the command's business time, null for now
     * @param previous   the business time of the stream's previous event, null for a new stream
     * @throws BusinessRuleException OCCURRED_IN_FUTURE or OCCURRED_BEFORE_PREVIOUS_EVENT
     */
    public static Instant of(Instant occurredAt, Clock clock, Instant previous) {
        Instant now = clock.instant();
        if (occurredAt == null) {
            // a clock a little behind the one that wrote the previous event must not refuse "now"
            return previous != null && now.isBefore(previous) ? previous : now;
        }
        if (occurredAt.isAfter(now)) {
            throw new BusinessRuleException(
                    ErrorCode.OCCURRED_IN_FUTURE,
                    "occurredAt " + occurredAt + " lies in the future (now is " + now + ")");
        }
        if (previous != null && occurredAt.isBefore(previous)) {
            throw new BusinessRuleException(
                    ErrorCode.OCCURRED_BEFORE_PREVIOUS_EVENT,
                    "occurredAt " + occurredAt + " precedes the previous event at " + previous);
        }
        return occurredAt;
    }
}
