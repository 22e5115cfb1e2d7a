package com.opportunityengine.command.audit;

import com.opportunityengine.command.opportunity.OpportunityState;
import java.time.Instant;

/**
 * An opportunity as it stood: the fold of the events selected by version, business time and
 * record time.
 *
 * @param opportunityId the opportunity
 * @param version       the sequence of the last event folded in
 * @param asOf          the business-time limit asked for (null: none)
 * @param knownAt       the record-time limit asked for (null: none)
 * @param state         the opportunity then, folded by {@link OpportunityState#fold}
 */
record HistoricalState(String opportunityId, long version, Instant asOf, Instant knownAt, OpportunityState state) {}
