package com.opportunityengine.events.opportunity;

import java.time.Instant;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Records a contact with the customer. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version; {@code durationMinutes} may be null (not recorded). */
public record LogContact(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        ContactId contactId,
        ContactChannel channel,
        ContactDirection direction,
        String summary,
        List<String> participants,
        String outcome,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion,
        Integer durationMinutes) {

    /** A contact without a recorded duration. */
    public LogContact(
            OpportunityId opportunityId,
            ContactId contactId,
            ContactChannel channel,
            ContactDirection direction,
            String summary,
            List<String> participants,
            String outcome,
            Instant occurredAt,
            Long expectedVersion) {
        this(
                opportunityId,
                contactId,
                channel,
                direction,
                summary,
                participants,
                outcome,
                occurredAt,
                expectedVersion,
                null);
    }
}
