package com.opportunityengine.command.opportunity.web;

import com.opportunityengine.events.opportunity.OpportunityId;

/** The answer of {@code POST /api/opportunities}. */
record OpportunityCreatedResponse(OpportunityId opportunityId, long version) {}
