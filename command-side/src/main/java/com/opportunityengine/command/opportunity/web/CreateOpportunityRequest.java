package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.command.web.InputLimits;
import com.opportunityengine.command.web.ValidMoney;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The body of {@code POST /api/opportunities}: either {@code customerId} or an inline {@code customer}. Without
 * {@code ownerId} the assignment rules choose the owner (docs/assignment.md).
 */
record CreateOpportunityRequest(
        OpportunityId opportunityId,
        @NotBlank @Size(max = InputLimits.TITLE) String title,
        @Size(max = InputLimits.DESCRIPTION) String description,
        CustomerId customerId,
        @Valid NewCustomerRequest customer,
        @NotBlank @Size(max = InputLimits.SOURCE) String source,
        @NotNull @ValidMoney Money amount,
        LocalDate expectedCloseDate,
        UserId ownerId,
        PipelineId pipeline,
        StageCode stage,
        @Size(max = 100) List<@NotNull OpportunityId> relatedOpportunityIds,
        Instant occurredAt) {}
