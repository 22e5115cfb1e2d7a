package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The opportunity was enrolled in the sequence; its steps are due from {@code occurredAt} on. */
@Revision("1")
public record SequenceEnrolled(OpportunityId opportunityId, SequenceId sequenceId, Instant occurredAt)
        implements SequenceEvent {}
