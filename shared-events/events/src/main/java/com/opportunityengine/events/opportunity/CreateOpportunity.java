package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Opens a new opportunity. A null pipeline means the default one; a null stage its first stage; a null {@code occurredAt} now. */
public record CreateOpportunity(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        String title,
        String description,
        CustomerId customerId,
        String source,
        Money amount,
        LocalDate expectedCloseDate,
        UserId ownerId,
        PipelineId pipeline,
        StageCode stage,
        List<OpportunityId> relatedOpportunityIds,
        Instant occurredAt) {}
