package com.opportunityengine.query.projection;

/**
 * One projection (processing group) as the admin sees it: the global log position it has handled
 * (the lowest over its segments), the head of the log, how far behind it is, its state
 * ({@code running}, {@code replaying}, {@code error}, {@code stopped}) and its parked dead letters.
 */
record ProjectionStatus(
        String name, Long position, Long head, Long lag, String status, int segments, long deadLetters) {}
