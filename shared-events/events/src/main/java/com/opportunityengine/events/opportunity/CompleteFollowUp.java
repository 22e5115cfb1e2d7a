package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Marks a follow-up task done. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record CompleteFollowUp(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        TaskId taskId,
        String outcome,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
