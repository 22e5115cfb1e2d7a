package com.opportunityengine.query.customer;

/** A customer's opportunities by status. */
record OpportunityCounts(long total, long open, long won, long lost) {}
