package com.opportunityengine.query.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the query nodes of one store find each other and share the projections' segments ({@code engine.query.*}).
 *
 * @param heartbeatInterval how often a node writes its heartbeat and looks at the others (and at replay requests)
 * @param nodeTimeout       a node whose heartbeat is older than this is dead: its share goes to the live ones
 * @param claimTimeout      a segment claim not extended for this long may be taken by another node (a dead node's
 *                          claims; read by the token store)
 * @param claimInterval     how often a processor looks for segments it may claim
 * @param replayTimeout     how long {@code POST .../replay} waits for every node to stop and one to reset
 */
@ConfigurationProperties("engine.query")
public record ClusterProperties(
        @DefaultValue("1s") Duration heartbeatInterval,
        @DefaultValue("5s") Duration nodeTimeout,
        @DefaultValue("10s") Duration claimTimeout,
        @DefaultValue("1s") Duration claimInterval,
        @DefaultValue("60s") Duration replayTimeout) {}
