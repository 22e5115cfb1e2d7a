package com.opportunityengine.query.cluster;

import com.opportunityengine.query.cluster.ReplayStore.Replay;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Replays a projection while several query nodes run it. Axon resets a processor's tokens only where no node holds a
 * claim, so the replay goes through the store ({@link ReplayStore}): a request opens a new generation; every node
 * running the processor stops it (releasing its claims) and says so; once every live node has stopped, one node takes
 * the reset, resets the tokens (its reset handlers clear the read model) and marks the generation done; then every
 * node starts the processor again, from the reset tokens. A node that starts while a replay is open joins it. Each node
 * checks for requests on every heartbeat interval; the requesting node drives the steps at once.
 */
@Component
public class ReplayCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplayCoordinator.class);
    private static final long DRIVE_PAUSE_MILLIS = 100;

    private final ReplayStore replays;
    private final QueryNodes nodes;
    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final ClusterProperties properties;
    private final Clock clock;
    /** Per processor, the generation this node has finished (started again after), or is not part of. */
    private final Map<String, Long> finished = new ConcurrentHashMap<>();
    /** Per processor, the generation this node has stopped the processor for. */
    private final Map<String, Long> stoppedFor = new ConcurrentHashMap<>();

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;

    ReplayCoordinator(
            ReplayStore replays,
            QueryNodes nodes,
            ObjectProvider<EventProcessingConfiguration> processing,
            ClusterProperties properties,
            Clock clock) {
        this.replays = replays;
        this.nodes = nodes;
        this.processing = processing;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Requests a replay of {@code name} and drives it from this node until the tokens are reset and this node runs the
     * processor again, or {@code engine.query.replay-timeout} has passed (the other nodes then finish it on their own).
     *
     * @return true when the reset is done
     */
    public boolean replay(String name, StreamingEventProcessor processor) throws InterruptedException {
        long generation = replays.request(name, nodes.self(), clock.instant());
        Instant deadline = clock.instant().plus(properties.replayTimeout());
        while (true) {
            step(name, processor);
            if (finished.getOrDefault(name, 0L) >= generation) {
                return true;
            }
            if (clock.instant().isAfter(deadline)) {
                log.warn("Replay {} of {} is still waiting for other nodes to stop", generation, name);
                return false;
            }
            Thread.sleep(DRIVE_PAUSE_MILLIS);
        }
    }

    /** One step of whatever replay of {@code name} is open, for this node. */
    void step(String name, StreamingEventProcessor processor) {
        synchronized (locks.computeIfAbsent(name, n -> new Object())) {
            Optional<Replay> open = replays.find(name);
            if (open.isEmpty()) {
                finished.putIfAbsent(name, 0L);
                return;
            }
            Replay replay = open.get();
            long generation = replay.generation();
            if (finished.getOrDefault(name, 0L) >= generation) {
                return;
            }
            if (!finished.containsKey(name) && replay.done()) {
                // this node started after the replay had finished: nothing to do
                finished.put(name, generation);
                return;
            }
            if (replay.done()) {
                processor.start();
                finished.put(name, generation);
                log.info("Projection {} runs again after replay {}", name, generation);
                return;
            }
            if (stoppedFor.getOrDefault(name, 0L) < generation) {
                processor.shutDown(); // releases this node's claims
                stoppedFor.put(name, generation);
                replays.stopped(name, generation, nodes.self());
                return;
            }
            if (replay.resetBy() != null
                    && !replay.resetBy().equals(nodes.self())
                    && !nodes.liveNodes(name).contains(replay.resetBy())) {
                // the node that took the reset died before finishing it
                replays.releaseReset(name, generation, replay.resetBy());
            }
            Set<String> waitingFor = new HashSet<>(nodes.liveNodes(name));
            waitingFor.removeAll(replay.stopped());
            waitingFor.remove(nodes.self());
            if (!waitingFor.isEmpty() || !replays.takeReset(name, generation, nodes.self())) {
                return;
            }
            try {
                processor.resetTokens();
            } catch (RuntimeException e) {
                // a claim is still held (a node that died keeps it until the claim timeout): try again later
                replays.releaseReset(name, generation, nodes.self());
                log.info("Replay {} of {} waits for a claim to be released: {}", generation, name, e.toString());
                return;
            }
            replays.resetDone(name, generation, clock.instant());
            processor.start();
            finished.put(name, generation);
            log.info("Projection {} reset for replay {} by this node", name, generation);
        }
    }

    private void stepAll() {
        StreamingProcessors.of(processing).forEach((name, processor) -> {
            if (processor.supportsReset()) {
                try {
                    step(name, processor);
                } catch (RuntimeException e) {
                    log.warn("Replay step of {} failed: {}", name, e.toString());
                }
            }
        });
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = StreamingProcessors.daemonScheduler("replay-coordinator");
        long interval = properties.heartbeatInterval().toMillis();
        executor.scheduleWithFixedDelay(this::stepAll, interval, interval, TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
