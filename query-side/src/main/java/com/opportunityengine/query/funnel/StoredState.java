package com.opportunityengine.query.funnel;

/** One opportunity's funnel state and the aggregate sequence number of the last event folded into it. */
record StoredState(long sequence, FunnelState state) {}
