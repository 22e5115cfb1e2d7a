package com.opportunityengine.events.deal;

import com.opportunityengine.events.common.Money;
import java.time.Instant;
import org.axonframework.serialization.Revision;

/** A deal was booked or lost. */
@Revision("1")
public record DealClosed(DealId dealId, DealOutcome outcome, Money actualAmount, String reason, Instant occurredAt)
        implements DealEvent {}
