package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Changes an opportunity's details; null fields stay as they are. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record UpdateOpportunityDetails(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        String title,
        String description,
        Money amount,
        LocalDate expectedCloseDate,
        String source,
        List<OpportunityId> relatedOpportunityIds,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
