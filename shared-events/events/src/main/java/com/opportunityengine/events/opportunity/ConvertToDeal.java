package com.opportunityengine.events.opportunity;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.deal.DealId;
import java.time.Instant;
import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Wins an open opportunity by converting it into a deal that links its contacts and documents. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record ConvertToDeal(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        DealId dealId,
        Money expectedAmount,
        LocalDate expectedCloseDate,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
