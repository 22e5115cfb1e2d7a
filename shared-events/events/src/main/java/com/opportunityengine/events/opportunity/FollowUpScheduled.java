package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A follow-up task was planned. */
@Revision("1")
public record FollowUpScheduled(
        OpportunityId opportunityId,
        TaskId taskId,
        UserId assigneeId,
        Instant dueAt,
        TaskType type,
        String description,
        Instant occurredAt)
        implements OpportunityEvent {}
