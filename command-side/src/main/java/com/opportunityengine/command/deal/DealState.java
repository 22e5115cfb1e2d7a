package com.opportunityengine.command.deal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealClosed;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealEvent;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.deal.DealOutcome;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.OpportunityId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A deal as its events made it: the one fold of a deal's stream, used by the aggregate and
 * usable by anyone replaying history. Immutable, free of Axon, Jackson-serialisable.
 * {@code outcome} is null while the deal is open.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DealState(
        DealId dealId,
        OpportunityId opportunityId,
        CustomerId customerId,
        UserId ownerId,
        Money expectedAmount,
        LocalDate expectedCloseDate,
        List<ContactId> contactIds,
        List<DocumentId> documentIds,
        DealOutcome outcome,
        Money actualAmount,
        String closeReason,
        Instant createdAt,
        Instant closedAt,
        Instant lastOccurredAt) {

    public DealState {
        contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
        documentIds = documentIds == null ? List.of() : List.copyOf(documentIds);
    }

    public static DealState initial() {
        return new DealState(
                null, null, null, null, null, null, List.of(), List.of(), null, null, null, null, null, null);
    }

    public static DealState fold(Iterable<? extends DealEvent> events) {
        DealState state = initial();
        for (DealEvent event : events) {
            state = state.apply(event);
        }
        return state;
    }

    /** The state after one more event; never checks a rule. */
    public DealState apply(DealEvent event) {
        if (event instanceof DealCreated e) {
            return new DealState(
                    e.dealId(),
                    e.opportunityId(),
                    e.customerId(),
                    e.ownerId(),
                    e.expectedAmount(),
                    e.expectedCloseDate(),
                    e.contactIds(),
                    e.documentIds(),
                    null,
                    null,
                    null,
                    e.occurredAt(),
                    null,
                    e.occurredAt());
        } else if (event instanceof DealClosed e) {
            return new DealState(
                    dealId,
                    opportunityId,
                    customerId,
                    ownerId,
                    expectedAmount,
                    expectedCloseDate,
                    contactIds,
                    documentIds,
                    e.outcome(),
                    e.actualAmount(),
                    e.reason(),
                    createdAt,
                    e.occurredAt(),
                    e.occurredAt());
        }
        throw new IllegalStateException("no fold for " + event.getClass().getName());
    }

    public boolean closed() {
        return outcome != null;
    }
}
