package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import org.bson.conversions.Bson;

/**
 * What a list of opportunities asks for; a null field does not filter. {@code text} searches title and description;
 * {@code visibleTo} is the reader's visibility filter ({@code VisibleOpportunities.viewFilter}).
 */
record OpportunityCriteria(String ownerId, String stage, OpportunityStatus status, String customerId, String text,
                           Bson visibleTo) {

    /** Criteria that see everything. */
    OpportunityCriteria(String ownerId, String stage, OpportunityStatus status, String customerId, String text) {
        this(ownerId, stage, status, customerId, text, null);
    }
}
