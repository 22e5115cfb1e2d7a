package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.serialization.Revision;

/** Some details changed; only the changed fields are set, the others are null. */
@Revision("1")
public record OpportunityDetailsUpdated(
        OpportunityId opportunityId,
        String title,
        String description,
        Money amount,
        LocalDate expectedCloseDate,
        String source,
        List<OpportunityId> relatedOpportunityIds,
        Instant occurredAt)
        implements OpportunityEvent {}
