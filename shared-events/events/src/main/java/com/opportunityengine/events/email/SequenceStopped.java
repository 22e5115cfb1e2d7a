package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The active sequence stopped by itself, for {@code reason}; no further step is sent. */
@Revision("1")
public record SequenceStopped(
        OpportunityId opportunityId, SequenceId sequenceId, SequenceStopReason reason, Instant occurredAt)
        implements SequenceEvent {}
