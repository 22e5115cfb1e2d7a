package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Moves an opportunity from a departing or absent owner to the one a hand-over chose, with its open follow-up
 * tasks of that owner. Changes nothing when the opportunity is no longer owned by {@code fromUserId} (moved
 * already: a resumed hand-over sends it again). A null {@code occurredAt} means now.
 */
public record HandOverOpportunity(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        UserId fromUserId,
        UserId toUserId,
        AssignmentDecision decision,
        Instant occurredAt) {}
