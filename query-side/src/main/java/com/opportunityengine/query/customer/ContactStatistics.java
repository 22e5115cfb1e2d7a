package com.opportunityengine.query.customer;

import java.util.Map;

/** A customer's contacts in all, by channel and by direction (every channel and direction listed, zeros too). */
record ContactStatistics(long total, Map<String, Long> byChannel, Map<String, Long> byDirection) {}
