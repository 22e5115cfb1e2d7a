package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A user took the opportunity out of its active sequence; no further step is sent. */
@Revision("1")
public record SequenceUnenrolled(OpportunityId opportunityId, SequenceId sequenceId, Instant occurredAt)
        implements SequenceEvent {}
