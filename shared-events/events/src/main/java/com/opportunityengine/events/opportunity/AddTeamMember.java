package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Adds a collaborator to an opportunity's team. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record AddTeamMember(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        UserId memberId,
        String role,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
