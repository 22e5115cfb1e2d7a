package com.opportunityengine.query.projection;

/** What a dead-letter retry did: sequences that went through, and letters still parked. */
record RetryResult(String projection, int sequencesProcessed, long remaining) {}
