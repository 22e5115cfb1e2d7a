package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;

/** The body of {@code POST /api/opportunities/{id}/contacts}. */
record LogContactRequest(
        ContactId contactId,
        @NotNull ContactChannel channel,
        @NotNull ContactDirection direction,
        @NotBlank @Size(max = 4000) String summary,
        @Size(max = 100) List<@NotBlank @Size(max = 200) String> participants,
        @Size(max = 4000) String outcome,
        Instant occurredAt) {}
