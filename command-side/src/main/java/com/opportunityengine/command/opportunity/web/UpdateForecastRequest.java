package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.ForecastCategory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;

/**
 * The body of {@code PUT /api/opportunities/{id}/forecast}: the forecast a person set, a probability (a whole percent)
 * and/or a forecast category; at least one of them, an absent one stays as it is.
 */
record UpdateForecastRequest(
        @Min(0) @Max(100) Integer probability, ForecastCategory forecastCategory, Instant occurredAt) {}
