package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** The opportunity was won: converted into a deal, carrying its contacts and documents. */
@Revision("1")
public record OpportunityConverted(
        OpportunityId opportunityId,
        DealId dealId,
        Money expectedAmount,
        LocalDate expectedCloseDate,
        StageCode stage,
        int stageOrder,
        List<ContactId> contactIds,
        List<DocumentId> documentIds,
        Instant occurredAt)
        implements OpportunityEvent {}
