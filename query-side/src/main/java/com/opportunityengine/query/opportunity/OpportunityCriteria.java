package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.security.AccessScope;

/**
 * What a list of opportunities asks for; a null field does not filter. {@code text} searches title and description;
 * {@code scope} is the reader's: only the views they see are listed (null: every view).
 */
record OpportunityCriteria(
        String ownerId, String stage, OpportunityStatus status, String customerId, String text, AccessScope scope) {

    /** Criteria that see everything. */
    OpportunityCriteria(String ownerId, String stage, OpportunityStatus status, String customerId, String text) {
        this(ownerId, stage, status, customerId, text, null);
    }
}
