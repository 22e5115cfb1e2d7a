package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/**
 * Records the forecast a person set on an open opportunity: the probability of winning it, a whole percent 0..100,
 * and/or its forecast category; at least one is given, a null one stays as it is. A null {@code occurredAt} means
 * now; a non-null {@code expectedVersion} must equal the aggregate's version.
 */
public record UpdateForecast(
        @TargetAggregateIdentifier OpportunityId opportunityId,
        Integer probability,
        ForecastCategory forecastCategory,
        Instant occurredAt,
        @TargetAggregateVersion Long expectedVersion) {}
