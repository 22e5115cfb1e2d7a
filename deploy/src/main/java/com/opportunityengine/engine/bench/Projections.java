package com.opportunityengine.engine.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The engine's streaming processors (the query side's projections): waiting for them, replaying one. */
final class Projections {

    private final EventProcessingConfiguration processing;
    private final EventStorageEngine storage;

    Projections(EventProcessingConfiguration processing, EventStorageEngine storage) {
        this.processing = processing;
        this.storage = storage;
    }

    boolean any() {
        return processing.eventProcessors().values().stream().anyMatch(StreamingEventProcessor.class::isInstance);
    }

    long head() {
        TrackingToken head = storage.createHeadToken();
        return head.position().orElse(0);
    }

    /** Waits until every streaming processor has read the log up to its current head; false on timeout. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long head = head();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (var processor : processing.eventProcessors().values()) {
                if (processor instanceof StreamingEventProcessor streaming && !reached(streaming, head)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    /**
     * Resets the processor's tokens and times its rebuild until its token reaches the head:
     * events/s over the whole log, or NaN on timeout.
     */
    double replay(StreamingEventProcessor processor, Duration timeout) throws InterruptedException {
        long head = head();
        processor.shutDown();
        processor.resetTokens();
        long started = System.nanoTime();
        processor.start();
        long deadline = started + timeout.toNanos();
        while (!reached(processor, head)) {
            if (System.nanoTime() > deadline) {
                return Double.NaN;
            }
            Thread.sleep(20);
        }
        return head / RawStore.seconds(started);
    }

    private static boolean reached(StreamingEventProcessor processor, long head) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        if (status.isEmpty()) {
            return head == 0;
        }
        for (EventTrackerStatus segment : status.values()) {
            if (segment.isErrorState()) {
                throw new IllegalStateException("processor " + processor.getName() + " failed", segment.getError());
            }
            OptionalLong position = segment.getCurrentPosition();
            if (position.isEmpty() || position.getAsLong() < head) {
                return false;
            }
        }
        return true;
    }
}
