package com.opportunityengine.query.opportunity;

import java.util.List;

/** A page of opportunity views: {@code {items, page, size, total}}. */
record OpportunityListPage(List<OpportunityView> items, int page, int size, long total) {}
