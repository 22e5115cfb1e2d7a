package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.command.web.ValidMoney;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.deal.DealId;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.time.LocalDate;

/** The body of {@code POST /api/opportunities/{id}/convert}. */
record ConvertToDealRequest(
        DealId dealId,
        @NotNull @ValidMoney Money expectedAmount,
        @NotNull LocalDate expectedCloseDate,
        Instant occurredAt) {}
