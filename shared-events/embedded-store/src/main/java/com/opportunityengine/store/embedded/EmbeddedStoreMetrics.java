package com.opportunityengine.store.embedded;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.TimeUnit;

/** Binds {@code engine.store.sync} (durable writes' waits for their group commit) to the app's registry. */
final class EmbeddedStoreMetrics implements MeterBinder {

    static final String SYNC = "engine.store.sync";

    private final EmbeddedMongoServer server;

    EmbeddedStoreMetrics(EmbeddedMongoServer server) {
        this.server = server;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Timer waits = Timer.builder(SYNC)
                .description("Durable writes' waits for the embedded store's group commit (commit and sync)")
                .register(registry);
        server.observeDurableWaits(nanos -> waits.record(nanos, TimeUnit.NANOSECONDS));
    }
}
