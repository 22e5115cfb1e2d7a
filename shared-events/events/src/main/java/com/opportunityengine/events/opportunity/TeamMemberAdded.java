package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A collaborator joined the team. */
@Revision("1")
public record TeamMemberAdded(OpportunityId opportunityId, UserId memberId, String role, Instant occurredAt)
        implements OpportunityEvent {}
