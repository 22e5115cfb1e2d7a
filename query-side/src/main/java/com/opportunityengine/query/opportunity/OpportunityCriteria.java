package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.opportunity.OpportunityStatus;

/** What a list of opportunities asks for; a null field does not filter. {@code text} searches title and description. */
record OpportunityCriteria(String ownerId, String stage, OpportunityStatus status, String customerId, String text) {
}
