package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Asks for an email to the opportunity's customer from a template: {@code templateVersion} null means the latest,
 * {@code to} null the customer's registered email, {@code sendAt} null at once (no earlier than a minute ago).
 * A null {@code occurredAt} means now. {@code sequenceStep} (null for a one-off email) makes it a step of the
 * opportunity's active enrolment: its email id is the step's derived id, and it is refused (SEQUENCE_NOT_ACTIVE)
 * unless that enrolment is still active.
 */
public record RequestEmail(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        EmailId emailId,
        String templateId,
        Integer templateVersion,
        String to,
        Instant sendAt,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion,
        SequenceStep sequenceStep) {

    public RequestEmail(
            OpportunityId opportunityId,
            EmailId emailId,
            String templateId,
            Integer templateVersion,
            String to,
            Instant sendAt,
            Instant occurredAt,
            Long expectedVersion) {
        this(opportunityId, emailId, templateId, templateVersion, to, sendAt, occurredAt, expectedVersion, null);
    }
}
