package com.opportunityengine.query.cluster;

/**
 * One segment of a processor's token: who holds it ({@code null}: nobody, or a claim that timed out), the log
 * position its token has reached ({@code null}: not started) and whether the token is still replaying.
 */
public record SegmentClaim(int segment, String node, Long position, boolean replaying) {}
