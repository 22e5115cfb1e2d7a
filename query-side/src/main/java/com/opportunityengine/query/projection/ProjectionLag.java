package com.opportunityengine.query.projection;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.cluster.SegmentClaim;
import com.opportunityengine.query.cluster.StreamingProcessors;
import com.opportunityengine.query.cluster.TokenClaimStore;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.store.EventLogReader;
import com.opportunityengine.store.StoredEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * How far the projections are behind the log. As metrics, for the segments this node holds:
 * {@code engine.processor.lag.events} (head position minus the lowest token position), {@code engine.processor.lag.seconds}
 * (how long ago the oldest event not yet handled was recorded), {@code engine.processor.segments.claimed} and
 * {@code engine.processor.segments} (all segments of the processor's token), each by processor. As the
 * {@code projections} health indicator of the readiness group: a query node is ready once every processor, over all
 * its segments whoever holds them (the read models are shared), is at most {@code engine.query.ready-lag} events
 * behind; until then load balancers keep reads away from it.
 */
@Component("projectionsHealthIndicator")
class ProjectionLag implements HealthIndicator {

    private static final int OLDEST_EVENT_WINDOW = 64;

    private final ObjectProvider<EventProcessingConfiguration> processing;
    private final LogHead head;
    private final TokenClaimStore claims;
    private final EventLogReader log;
    private final QueryProperties properties;
    private final Clock clock;
    private final MeterRegistry registry;

    ProjectionLag(
            ObjectProvider<EventProcessingConfiguration> processing,
            LogHead head,
            TokenClaimStore claims,
            MongoDatabase database,
            QueryProperties properties,
            Clock clock,
            ObjectProvider<MeterRegistry> registry) {
        this.processing = processing;
        this.head = head;
        this.claims = claims;
        this.log = new EventLogReader(database);
        this.properties = properties;
        this.clock = clock;
        this.registry = registry.getIfAvailable(CompositeMeterRegistry::new);
    }

    @Override
    public Health health() {
        try {
            return lag();
        } catch (RuntimeException storeAway) {
            // the head or the claims cannot be read (the store is away): not ready, and said so, never a 500
            return Health.down(storeAway).build();
        }
    }

    private Health lag() {
        Long headPosition = head.position();
        Map<String, Object> behind = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, StreamingEventProcessor> processor : processors().entrySet()) {
            String name = processor.getKey();
            List<SegmentClaim> segments = claims.claims(name);
            long lag;
            if (headPosition == null) {
                lag = 0;
            } else if (segments.isEmpty() || segments.stream().anyMatch(s -> s.position() == null)) {
                lag = headPosition;
            } else {
                long lowest = segments.stream()
                        .mapToLong(SegmentClaim::position)
                        .min()
                        .orElse(0);
                lag = Math.max(0, headPosition - lowest);
            }
            behind.put(name, lag);
            ready &= lag <= properties.readyLag() && !processor.getValue().isError();
        }
        Health.Builder health = ready ? Health.up() : Health.outOfService();
        return health.withDetail("readyLag", properties.readyLag())
                .withDetail("lag", behind)
                .build();
    }

    /** The processors exist once Axon has started: their gauges are registered then, and read on every scrape. */
    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        processors().forEach(this::register);
    }

    private void register(String name, StreamingEventProcessor processor) {
        Gauge.builder("engine.processor.lag.events", () -> lagEvents(processor))
                .description("Head position of the log minus the lowest token position of this node's segments")
                .tag("processor", name)
                .register(registry);
        Gauge.builder("engine.processor.lag.seconds", () -> lagSeconds(processor))
                .description("Age of the oldest event this node's segments have not handled yet")
                .tag("processor", name)
                .register(registry);
        Gauge.builder(
                        "engine.processor.segments.claimed",
                        () -> processor.processingStatus().size())
                .description("Segments of the processor this node holds")
                .tag("processor", name)
                .register(registry);
        Gauge.builder("engine.processor.segments", () -> claims.claims(name).size())
                .description("Segments of the processor's token, held by any node")
                .tag("processor", name)
                .register(registry);
    }

    private double lagEvents(StreamingEventProcessor processor) {
        Long headPosition = head.position();
        OptionalLong lowest = lowestLocalPosition(processor);
        if (headPosition == null || lowest.isEmpty()) {
            return 0;
        }
        return Math.max(0, headPosition - lowest.getAsLong());
    }

    private double lagSeconds(StreamingEventProcessor processor) {
        Long headPosition = head.position();
        OptionalLong lowest = lowestLocalPosition(processor);
        if (headPosition == null || lowest.isEmpty() || lowest.getAsLong() >= headPosition) {
            return 0;
        }
        long from = lowest.getAsLong() + 1;
        List<StoredEvent> next = log.positionsAndRecordTimes(from, Math.min(headPosition, from + OLDEST_EVENT_WINDOW));
        for (StoredEvent event : next) {
            if (event.recordedAt() != null) {
                return Math.max(0, clock.millis() - event.recordedAt()) / 1000.0;
            }
        }
        return 0;
    }

    private static OptionalLong lowestLocalPosition(StreamingEventProcessor processor) {
        OptionalLong lowest = OptionalLong.empty();
        for (EventTrackerStatus segment : processor.processingStatus().values()) {
            OptionalLong position = segment.getCurrentPosition();
            long value = position.isPresent() ? position.getAsLong() : 0;
            lowest = lowest.isEmpty() || value < lowest.getAsLong() ? OptionalLong.of(value) : lowest;
        }
        return lowest;
    }

    private Map<String, StreamingEventProcessor> processors() {
        return StreamingProcessors.of(processing);
    }
}
