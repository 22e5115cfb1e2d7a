package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.command.web.ValidMoney;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.opportunity.OpportunityId;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The body of {@code PATCH /api/opportunities/{id}}: absent fields stay as they are. */
record UpdateOpportunityRequest(
        @Size(max = 200) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String title,

        @Size(max = 4000) String description,
        @ValidMoney Money amount,
        LocalDate expectedCloseDate,

        @Size(max = 100) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        String source,

        @Size(max = 100) List<@NotNull OpportunityId> relatedOpportunityIds,
        Instant occurredAt) {}
