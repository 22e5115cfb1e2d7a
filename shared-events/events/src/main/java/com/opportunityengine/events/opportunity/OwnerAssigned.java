package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The opportunity changed hands. */
@Revision("1")
public record OwnerAssigned(
        OpportunityId opportunityId, UserId previousOwnerId, UserId ownerId, String reason, Instant occurredAt)
        implements OpportunityEvent {}
