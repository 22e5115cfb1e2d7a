package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Removes a collaborator from an opportunity's team. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record RemoveTeamMember(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        UserId memberId,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
