package com.opportunityengine.command.deal.web;

import com.opportunityengine.command.web.ValidMoney;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.deal.DealOutcome;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The body of {@code POST /api/deals/{id}/close}. */
record CloseDealRequest(
        @NotNull DealOutcome outcome,
        @ValidMoney Money actualAmount,
        @Size(max = 4000) String reason,
        Instant occurredAt) {}
