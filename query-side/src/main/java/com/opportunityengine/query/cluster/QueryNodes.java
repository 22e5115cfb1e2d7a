package com.opportunityengine.query.cluster;

import com.opportunityengine.store.NodeId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.pooled.MaxSegmentProvider;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The query nodes sharing one store, as this node sees them. Every {@code engine.query.heartbeat-interval} it writes
 * its heartbeat ({@link NodeRegistryStore}) and reads the others'; a node whose heartbeat is older than
 * {@code engine.query.node-timeout} is dead. As Axon's {@link MaxSegmentProvider} of every projection's pooled processor
 * it tells the processor's coordinator how many segments this node may hold ({@link FairShare}): the coordinator then
 * claims up to that many and releases any above it, so a node that joins gets its share from the others, and a dead
 * node's segments go to the live ones once its claims time out ({@code engine.query.claim-timeout}). On shutdown the
 * heartbeat is removed at once, so the others take over without waiting for it to age.
 */
@Component
@EnableConfigurationProperties(ClusterProperties.class)
public class QueryNodes implements MaxSegmentProvider, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueryNodes.class);

    private final NodeRegistryStore registry;
    private final TokenStore tokens;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ClusterProperties properties;
    private final NodeId nodeId;
    private final String role;
    private final Clock clock;
    private final Instant startedAt;
    private final Map<String, Integer> segmentCounts = new ConcurrentHashMap<>();
    private volatile List<QueryNode> live = List.of();
    private volatile ScheduledExecutorService scheduler;

    QueryNodes(
            NodeRegistryStore registry,
            TokenStore tokens,
            ObjectProvider<EventProcessingConfiguration> processing,
            ClusterProperties properties,
            NodeId nodeId,
            @Value("${engine.role:query}") String role,
            Clock clock) {
        this.registry = registry;
        this.tokens = tokens;
        this.processing = processing;
        this.properties = properties;
        this.nodeId = nodeId;
        this.role = role;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** This node's quota of {@code processor}'s segments; asked by the processor's coordinator on every round. */
    @Override
    public int getMaxSegments(String processor) {
        Integer segments = segmentCounts.get(processor);
        if (segments == null || segments == 0) {
            return Short.MAX_VALUE; // no tokens yet: the first node initialises them and claims them all
        }
        return FairShare.quota(segments, liveNodes(processor), nodeId.value());
    }

    /** The ids of the live nodes running {@code processor}, sorted (this node's included once it has beaten). */
    public List<String> liveNodes(String processor) {
        Set<String> ids = new TreeSet<>();
        for (QueryNode node : live) {
            if (node.processors().contains(processor)) {
                ids.add(node.id());
            }
        }
        return List.copyOf(ids);
    }

    /** Every live query node as of the last heartbeat round. */
    public List<QueryNode> live() {
        return live;
    }

    public String self() {
        return nodeId.value();
    }

    /** Writes this node's heartbeat and reads everyone's (also run by the scheduler). */
    void beat() {
        Set<String> processors =
                new TreeSet<>(StreamingProcessors.of(processing).keySet());
        Instant now = clock.instant();
        registry.beat(nodeId.value(), role, processors, startedAt, now);
        live = List.copyOf(registry.beatingSince(now.minus(properties.nodeTimeout())));
        for (String processor : processors) {
            segmentCounts.put(processor, tokens.fetchSegments(processor).length);
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = StreamingProcessors.daemonScheduler("query-nodes-heartbeat");
        long interval = properties.heartbeatInterval().toMillis();
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        beat();
                    } catch (RuntimeException e) {
                        // the store is away: the others see this node age out; keep trying
                        log.warn("Heartbeat of query node {} failed: {}", nodeId, e.toString());
                    }
                },
                0,
                interval,
                TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
        try {
            registry.remove(nodeId.value());
        } catch (RuntimeException e) {
            log.warn("Could not remove the heartbeat of query node {}: {}", nodeId, e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Stops before the processors (Axon's lifecycle), so the others stop counting this node first. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
