package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The opportunity was enrolled in the sequence; its steps are due from {@code occurredAt} on. {@code sequenceVersion}
 * is the version pinned at enrolment, whose steps are sent even if a newer version is saved later, and
 * {@code enrolment} the opportunity's enrolment number (1, 2, ...), part of each step's email id. Both are null in an
 * enrolment recorded before the durable schedule existed (no step is scheduled for it).
 */
@Revision("1")
public record SequenceEnrolled(
        OpportunityId opportunityId,
        SequenceId sequenceId,
        Instant occurredAt,
        Integer sequenceVersion,
        Integer enrolment)
        implements SequenceEvent {

    public SequenceEnrolled(OpportunityId opportunityId, SequenceId sequenceId, Instant occurredAt) {
        this(opportunityId, sequenceId, occurredAt, null, null);
    }
}
