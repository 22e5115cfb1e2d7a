package com.opportunityengine.events.deal;

import java.time.Instant;

/** Everything that can happen to a deal. */
public sealed interface DealEvent permits DealCreated, DealClosed {

    DealId dealId();

    Instant occurredAt();
}
