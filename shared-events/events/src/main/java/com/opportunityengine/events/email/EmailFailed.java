package com.opportunityengine.events.email;

import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** The mail server refused the email, or could not be reached; {@code smtpReply} is its answer (or the error). */
@Revision("1")
public record EmailFailed(
        OpportunityId opportunityId, EmailId emailId, int attempt, String smtpReply, Instant occurredAt)
        implements EmailEvent {}
