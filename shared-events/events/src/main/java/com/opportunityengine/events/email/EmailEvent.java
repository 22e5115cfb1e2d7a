package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;

/**
 * What happens to an email of an opportunity, in the opportunity's stream. Apart from {@code OpportunityEvent} so
 * that the opportunity's folds (views, funnel, pipeline, win probability) stay as they are; a sent email and a reply
 * are also recorded as a {@code ContactLogged} in the same unit of work, which is how the timeline and customer
 * behaviour count them.
 */
public sealed interface EmailEvent
        permits EmailRequested,
                EmailSent,
                EmailFailed,
                EmailSuppressed,
                EmailDeliveryUnknown,
                EmailRetried,
                EmailReplyReceived,
                EmailBounced {

    OpportunityId opportunityId();

    EmailId emailId();

    /** Business time: when it happened, as opposed to when it was recorded. */
    Instant occurredAt();
}
