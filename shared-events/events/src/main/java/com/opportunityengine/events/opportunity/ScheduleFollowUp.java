package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Plans a follow-up task for an assignee, due at an instant. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record ScheduleFollowUp(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        TaskId taskId,
        UserId assigneeId,
        Instant dueAt,
        TaskType type,
        String description,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
