package com.opportunityengine.query.opportunity;

import java.util.List;

/** A page of opportunity views and how many match in all. */
record OpportunityPage(List<OpportunityViewState> items, long total) {}
