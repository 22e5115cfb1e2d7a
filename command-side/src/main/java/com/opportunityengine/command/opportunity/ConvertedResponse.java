package com.opportunityengine.command.opportunity;

import com.opportunityengine.events.deal.DealId;

/** The answer of {@code POST /api/opportunities/{id}/convert}: the new deal and the opportunity's version. */
record ConvertedResponse(DealId dealId, long version) {
}
