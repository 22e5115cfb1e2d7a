package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.common.UserId;
import java.time.Instant;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * The opportunity changed hands. A hand-over (reason {@code HANDOVER}) also records how its new owner was chosen
 * ({@code assignment}) and the open follow-up tasks of the previous owner that moved with it to the new one
 * ({@code movedTaskIds}); both are null for a change by hand and in every event recorded before hand-overs.
 */
@Revision("1")
public record OwnerAssigned(
        OpportunityId opportunityId,
        UserId previousOwnerId,
        UserId ownerId,
        String reason,
        Instant occurredAt,
        List<TaskId> movedTaskIds,
        AssignmentDecision assignment)
        implements OpportunityEvent {

    /** The reason of a hand-over's moves. */
    public static final String HANDOVER = "HANDOVER";

    /** A change of owner by hand. */
    public OwnerAssigned(
            OpportunityId opportunityId, UserId previousOwnerId, UserId ownerId, String reason, Instant occurredAt) {
        this(opportunityId, previousOwnerId, ownerId, reason, occurredAt, null, null);
    }
}
