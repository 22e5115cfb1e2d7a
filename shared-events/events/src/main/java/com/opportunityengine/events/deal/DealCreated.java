package com.opportunityengine.events.deal;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** A deal was made from a won opportunity, linking its contacts and documents. */
@Revision("1")
public record DealCreated(
        DealId dealId,
        OpportunityId opportunityId,
        CustomerId customerId,
        UserId ownerId,
        Money expectedAmount,
        LocalDate expectedCloseDate,
        List<ContactId> contactIds,
        List<DocumentId> documentIds,
        Instant occurredAt)
        implements DealEvent {}
