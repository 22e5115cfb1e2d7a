package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Hands an opportunity to another owner. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record AssignOwner(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        UserId ownerId,
        String reason,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
