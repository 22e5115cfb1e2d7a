package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/**
 * An opportunity was opened at a stage (1-based order in its pipeline). {@code assignment} is how the
 * assignment rules chose {@code ownerId} when the creator named no owner; null when the creator did
 * (and in every event recorded before assignment rules existed).
 */
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
        Instant occurredAt,
        AssignmentDecision assignment)
        implements OpportunityEvent {

    /** An opportunity whose owner its creator named. */
    public OpportunityCreated(
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
            Instant occurredAt) {
        this(
                opportunityId,
                title,
                description,
                customerId,
                source,
                amount,
                expectedCloseDate,
                ownerId,
                pipeline,
                stage,
                stageOrder,
                relatedOpportunityIds,
                occurredAt,
                null);
    }
}
