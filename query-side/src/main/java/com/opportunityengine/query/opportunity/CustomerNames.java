package com.opportunityengine.query.opportunity;

import java.util.Collection;
import java.util.Map;

/**
 * The names of customers, which the opportunity views show beside the customer's id at query time. The customer
 * directory implements it; the opportunity feature names only this, so that the customer feature, which asks the
 * opportunity views who sees what ({@link VisibleOpportunities}), is not asked back.
 */
public interface CustomerNames {

    /** The names of those of the given customers that are registered. */
    Map<String, String> names(Collection<String> customerIds);
}
