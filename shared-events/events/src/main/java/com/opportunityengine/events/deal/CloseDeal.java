package com.opportunityengine.events.deal;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Closes a deal as booked or lost. A null {@code occurredAt} means now; a non-null {@code expectedVersion} must equal the aggregate's version. */
public record CloseDeal(
        @TargetAggregateIdentifier DealId dealId,
        DealOutcome outcome,
        Money actualAmount,
        String reason,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
