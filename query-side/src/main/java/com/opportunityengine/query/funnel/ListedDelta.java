package com.opportunityengine.query.funnel;

import java.time.Instant;

/** One entry of an hour's list: the delta one event made to one cell, and when it happened. */
record ListedDelta(Instant occurredAt, FunnelCell cell, Counters counters) {}
