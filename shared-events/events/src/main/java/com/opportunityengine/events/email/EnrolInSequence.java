package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Enrols an open opportunity in a sequence; refused while another sequence is active. A null {@code occurredAt} means now. */
public record EnrolInSequence(
        @TargetAggregateIdentifier OpportunityId opportunityId, SequenceId sequenceId, Instant occurredAt) {}
