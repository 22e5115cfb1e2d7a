package com.opportunityengine.query.projection;

import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.query.cluster.QueryNodes;
import com.opportunityengine.query.cluster.ReplayCoordinator;
import com.opportunityengine.query.cluster.SegmentClaim;
import com.opportunityengine.query.cluster.TokenClaimStore;
import com.opportunityengine.query.web.QueryProblems;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

/** Looks at and acts on the streaming processors that run the projections. */
@Component
class ProjectionAdmin {

    private final EventProcessingConfiguration processing;
    private final LogHead head;
    private final TokenClaimStore claims;
    private final QueryNodes nodes;
    private final ReplayCoordinator replays;

    ProjectionAdmin(
            EventProcessingConfiguration processing,
            LogHead head,
            TokenClaimStore claims,
            QueryNodes nodes,
            ReplayCoordinator replays) {
        this.processing = processing;
        this.head = head;
        this.claims = claims;
        this.nodes = nodes;
        this.replays = replays;
    }

    List<ProjectionStatus> all() {
        Long headPosition = head.position();
        List<ProjectionStatus> statuses = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                statuses.add(status(name, streaming, headPosition));
            }
        });
        statuses.sort(Comparator.comparing(ProjectionStatus::name));
        return statuses;
    }

    /**
     * Rebuilds a projection from the start of the log on every query node: all stop it, one resets its tokens (its
     * reset handler clears it), all start again ({@link ReplayCoordinator}).
     */
    void replay(String name) {
        StreamingEventProcessor processor = processor(name);
        if (!processor.supportsReset()) {
            throw Problems.exception(Problems.of(ProblemType.CONFLICT, "Projection " + name + " cannot be replayed"));
        }
        try {
            replays.replay(name, processor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying " + name, e);
        }
    }

    /** The status of one projection. */
    ProjectionStatus one(String name) {
        return status(name, processor(name), head.position());
    }

    DeadLetterList deadLetters(String name) {
        processor(name);
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(name);
        List<DeadLetterView> letters = new ArrayList<>();
        queue.ifPresent(q ->
                q.deadLetters().forEach(sequence -> sequence.forEach(letter -> letters.add(view(letter)))));
        return new DeadLetterList(
                name, queue.map(SequencedDeadLetterQueue::size).orElse(0L), letters);
    }

    /** Hands every parked sequence to its projection again; a sequence that fails again stays parked. */
    RetryResult retry(String name) {
        processor(name);
        Optional<SequencedDeadLetterProcessor<EventMessage<?>>> letters = processing.sequencedDeadLetterProcessor(name);
        int processed = 0;
        if (letters.isPresent()) {
            long sequences = processing
                    .deadLetterQueue(name)
                    .map(SequencedDeadLetterQueue::amountOfSequences)
                    .orElse(0L);
            for (long i = 0; i < sequences; i++) {
                if (letters.get().processAny()) {
                    processed++;
                }
            }
        }
        long remaining = processing
                .deadLetterQueue(name)
                .map(SequencedDeadLetterQueue::size)
                .orElse(0L);
        return new RetryResult(name, processed, remaining);
    }

    private StreamingEventProcessor processor(String name) {
        return processing
                .eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> QueryProblems.notFound("projection", name));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, Long headPosition) {
        List<SegmentClaim> segments = claims.claims(name);
        Long position = null;
        boolean started = !segments.isEmpty();
        boolean replaying = false;
        for (SegmentClaim segment : segments) {
            if (segment.position() == null) {
                started = false;
            } else {
                position = position == null ? segment.position() : Math.min(position, segment.position());
            }
            // a replay token stays until an event after the reset point is handled: caught up is no longer replaying
            replaying |= segment.replaying()
                    && (headPosition == null || segment.position() == null || segment.position() < headPosition);
        }
        if (!started) {
            position = null;
        }
        boolean error = processor.isError();
        for (EventTrackerStatus segment : processor.processingStatus().values()) {
            error |= segment.isErrorState();
        }
        String state = error ? "error" : replaying ? "replaying" : processor.isRunning() ? "running" : "stopped";
        Long lag = headPosition == null ? null : Math.max(0, headPosition - (position == null ? 0 : position));
        long deadLetters = processing
                .deadLetterQueue(name)
                .map(SequencedDeadLetterQueue::size)
                .orElse(0L);
        return new ProjectionStatus(
                name,
                position,
                headPosition,
                lag,
                state,
                segments.size(),
                deadLetters,
                segments,
                nodes.liveNodes(name));
    }

    private static DeadLetterView view(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> message = letter.message();
        String aggregateId = null;
        Long sequence = null;
        if (message instanceof DomainEventMessage<?> domain) {
            aggregateId = domain.getAggregateIdentifier();
            sequence = domain.getSequenceNumber();
        }
        String sequenceIdentifier = aggregateId != null ? aggregateId : message.getIdentifier();
        return new DeadLetterView(
                sequenceIdentifier,
                message.getIdentifier(),
                message.getPayloadType().getName(),
                aggregateId,
                sequence,
                letter.enqueuedAt(),
                letter.lastTouched(),
                letter.cause().map(c -> c.type()).orElse(null),
                letter.cause().map(c -> c.message()).orElse(null));
    }
}
