package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Enrols an open opportunity in a sequence; refused while another sequence is active. {@code sequenceVersion} is
 * the version pinned for the enrolment (its steps are sent from it; null: none pinned, as before pinning existed).
 * A null {@code occurredAt} means now.
 */
public record EnrolInSequence(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        SequenceId sequenceId,
        Integer sequenceVersion,
        Instant occurredAt) {

    public EnrolInSequence(OpportunityId opportunityId, SequenceId sequenceId, Instant occurredAt) {
        this(opportunityId, sequenceId, null, occurredAt);
    }
}
