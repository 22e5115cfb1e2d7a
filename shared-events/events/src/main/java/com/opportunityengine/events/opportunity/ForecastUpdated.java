package com.opportunityengine.events.opportunity;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * A person set the opportunity's forecast: what they then believed, known from {@code occurredAt} on. Only the
 * changed fields are set, the others are null; {@code probability} is a whole percent.
 */
@Revision("1")
public record ForecastUpdated(
        OpportunityId opportunityId, Integer probability, ForecastCategory forecastCategory, Instant occurredAt)
        implements OpportunityEvent {}
