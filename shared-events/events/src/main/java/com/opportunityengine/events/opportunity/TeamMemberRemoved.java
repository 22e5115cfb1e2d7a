package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A collaborator left the team. */
@Revision("1")
public record TeamMemberRemoved(OpportunityId opportunityId, UserId memberId, Instant occurredAt)
        implements OpportunityEvent {}
