package com.opportunityengine.query.projection;

import com.opportunityengine.query.cluster.SegmentClaim;
import java.util.List;

/**
 * One projection (processing group) as the admin sees it, across every query node sharing the store: the global log
 * position it has handled (the lowest over its segments), the head of the log, how far behind it is, its state
 * ({@code running}, {@code replaying} until every segment's replay has reached the head, {@code error},
 * {@code stopped}; error and stopped as seen by the answering node), its parked dead letters, each segment with the
 * node holding it and its position, and the live nodes running it.
 */
record ProjectionStatus(
        String name,
        Long position,
        Long head,
        Long lag,
        String status,
        int segments,
        long deadLetters,
        List<SegmentClaim> claims,
        List<String> nodes) {}
