package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Which step of which enrolment an email is: the sequence and its version pinned at enrolment, the opportunity's
 * enrolment number (1 for its first enrolment in any sequence, 2 for the next, ...) and the step's number, from 1.
 */
public record SequenceStep(SequenceId sequenceId, int sequenceVersion, int enrolment, int step) {

    public SequenceStep {
        Objects.requireNonNull(sequenceId, "sequenceId");
    }

    /**
     * The step's email id, derived from (opportunity, enrolment, step) as a name-based UUID: every attempt to send
     * the same step, by any node, asks for the same email, which the opportunity accepts once.
     */
    public EmailId emailId(OpportunityId opportunityId) {
        String name = "sequence-step:" + opportunityId + ":" + enrolment + ":" + step;
        return new EmailId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }
}
