package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;

/**
 * What happens to an opportunity's enrolment in an email sequence, in the opportunity's stream: enrolled, then
 * unenrolled by a user or stopped by itself. At most one sequence is active on an opportunity at a time.
 */
public sealed interface SequenceEvent permits SequenceEnrolled, SequenceUnenrolled, SequenceStopped {

    OpportunityId opportunityId();

    SequenceId sequenceId();

    /** Business time: when it happened, as opposed to when it was recorded. */
    Instant occurredAt();
}
