package com.opportunityengine.command.opportunity.web;

import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The (optional) body of {@code POST /api/opportunities/{id}/tasks/{taskId}/complete}. */
record CompleteFollowUpRequest(@Size(max = 4000) String outcome, Instant occurredAt) {

    static final CompleteFollowUpRequest EMPTY = new CompleteFollowUpRequest(null, null);
}
