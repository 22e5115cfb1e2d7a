package com.opportunityengine.events.opportunity;

import java.time.Instant;

/** Everything that can happen to an opportunity; sealed so that a fold can switch over it exhaustively. */
public sealed interface OpportunityEvent
        permits OpportunityCreated,
                OpportunityDetailsUpdated,
                ForecastUpdated,
                ContactLogged,
                FollowUpScheduled,
                FollowUpCompleted,
                StageChanged,
                OwnerAssigned,
                TeamMemberAdded,
                TeamMemberRemoved,
                DocumentLinked,
                OpportunityLost,
                OpportunityReopened,
                OpportunityConverted {

    OpportunityId opportunityId();

    /** Business time: when it happened, as opposed to when it was recorded. */
    Instant occurredAt();
}
