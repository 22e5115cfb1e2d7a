package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A follow-up task was done. */
@Revision("1")
public record FollowUpCompleted(OpportunityId opportunityId, TaskId taskId, String outcome, Instant occurredAt)
        implements OpportunityEvent {}
