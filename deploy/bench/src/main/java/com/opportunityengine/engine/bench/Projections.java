package com.opportunityengine.engine.bench;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

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

    /** Waits until every running streaming processor has read the log up to its current head; false on timeout. */
    boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        long head = head();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (var processor : processing.eventProcessors().values()) {
                if (processor instanceof StreamingEventProcessor streaming
                        && streaming.isRunning()
                        && !reached(streaming, head)) {
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

    /** Shuts down every streaming processor except those named (their tokens stay where they are). */
    void stopAllBut(Set<String> keep) {
        streaming().filter(p -> !keep.contains(p.getName())).forEach(StreamingEventProcessor::shutDown);
    }

    /** Starts the named streaming processors that are not running. */
    void start(Set<String> names) {
        streaming().filter(p -> names.contains(p.getName()) && !p.isRunning()).forEach(StreamingEventProcessor::start);
    }

    /** The names of the processors running now. */
    Set<String> running() {
        return streaming()
                .filter(StreamingEventProcessor::isRunning)
                .map(StreamingEventProcessor::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Stream<StreamingEventProcessor> streaming() {
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(StreamingEventProcessor.class::cast);
    }

    Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    /**
     * A rebuild as an operator runs one: resets the processor to the start of the log (its reset handler empties
     * its read model) and times it until its token has passed the first {@code events} events of the log (the
     * whole log when it is not longer): events/s, or NaN on timeout. The processor keeps running afterwards.
     * Replaying only the tail of a log into an emptied read model would not be a rebuild: the tail's events
     * belong to opportunities created before it.
     */
    double rebuild(StreamingEventProcessor processor, long events, Duration timeout) throws InterruptedException {
        // positions are 1-based and dense: the n-th event of the log is at position n
        long until = Math.min(head(), events);
        processor.shutDown();
        processor.resetTokens();
        long started = System.nanoTime();
        processor.start();
        if (!awaitPosition(processor, until, timeout)) {
            return Double.NaN;
        }
        return until / RawStore.seconds(started);
    }

    /** Waits until every segment of the running {@code processor} has passed {@code position}: false on timeout. */
    boolean awaitPosition(StreamingEventProcessor processor, long position, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached(processor, position)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
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
