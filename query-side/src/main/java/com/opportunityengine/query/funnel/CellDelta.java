package com.opportunityengine.query.funnel;

/** A change to the counters filed under one cell. */
record CellDelta(FunnelCell cell, Counters counters) {}
