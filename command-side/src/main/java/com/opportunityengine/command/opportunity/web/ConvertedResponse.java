package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.deal.DealId;

/** The answer of {@code POST /api/opportunities/{id}/convert}: the new deal and the opportunity's version. */
record ConvertedResponse(DealId dealId, long version) {}
