package com.opportunityengine.query.funnel;

import java.time.LocalDate;

/** A day or a whole month of creation dates, as filed by {@link FunnelKeys}; start is its first day. */
record CohortUnit(String key, LocalDate start) {}
