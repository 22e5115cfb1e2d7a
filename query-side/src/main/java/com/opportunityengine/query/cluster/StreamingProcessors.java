package com.opportunityengine.query.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.ObjectProvider;

/** What the cluster's periodic tasks share: this node's streaming processors, and a daemon thread to run on. */
public final class StreamingProcessors {

    private StreamingProcessors() {}

    /** The streaming processors of this node by name (none before Axon's configuration exists). */
    public static Map<String, StreamingEventProcessor> of(ObjectProvider<EventProcessingConfiguration> processing) {
        Map<String, StreamingEventProcessor> found = new LinkedHashMap<>();
        EventProcessingConfiguration configuration = processing.getIfAvailable();
        if (configuration != null) {
            configuration.eventProcessors().forEach((name, processor) -> {
                if (processor instanceof StreamingEventProcessor streaming) {
                    found.put(name, streaming);
                }
            });
        }
        return found;
    }

    /** A single daemon thread named {@code name}, for a task that must not keep the JVM alive. */
    static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }
}
