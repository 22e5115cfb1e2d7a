package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** An opportunity was opened at a stage (1-based order in its pipeline). */
@Revision("1")
public record OpportunityCreated(
        OpportunityId opportunityId,
        String title,
        String description,
        CustomerId customerId,
        String source,
        Money amount,
        LocalDate expectedCloseDate,
        UserId ownerId,
        PipelineId pipeline,
        StageCode stage,
        int stageOrder,
        List<OpportunityId> relatedOpportunityIds,
        Instant occurredAt)
        implements OpportunityEvent {}
