package com.opportunityengine.query.opportunity;

import java.util.List;

/** The answer to {@code GET /api/opportunities/{id}/timeline}: its entries in business-time order, then sequence. */
record Timeline(String opportunityId, long version, List<TimelineEntry> items) {}
