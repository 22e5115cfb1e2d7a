package com.opportunityengine.query.store;

import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.NoSuchDeadLetterException;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.ThrowableCause;

/**
 * A dead-letter queue that can always park an event: when the store refuses a letter whatever its state (the letter
 * of an event too large for the projection's store is usually too large for the dead-letter collection as well, the
 * serialized event plus its cause over the 16 MB document limit), the letter is stored again without the event's
 * payload. It keeps the event's identity (identifier, type, aggregate, sequence number, timestamp, tracking token,
 * metadata) and its cause; the payload is a short note naming the payload's type, and the diagnostics say
 * {@code payloadOmitted: true}, so that the processor goes on with the next events and an operator sees which event
 * could not be applied (it stays whole in the event log). Everything else is the wrapped queue's.
 */
public final class OversizedLetters implements SequencedDeadLetterQueue<EventMessage<?>> {

    /** The longest cause message a letter without its payload keeps. */
    static final int CAUSE_MESSAGE_LIMIT = 2000;

    private final SequencedDeadLetterQueue<EventMessage<?>> queue;

    public OversizedLetters(SequencedDeadLetterQueue<EventMessage<?>> queue) {
        this.queue = queue;
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        try {
            queue.enqueue(sequenceIdentifier, letter);
        } catch (RuntimeException e) {
            if (!FlushAtEndOfBatch.refusedWhateverTheState(e)) {
                throw e;
            }
            queue.enqueue(sequenceIdentifier, withoutPayload(sequenceIdentifier, letter));
        }
    }

    @Override
    public boolean enqueueIfPresent(
            Object sequenceIdentifier, Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder)
            throws DeadLetterQueueOverflowException {
        if (!contains(sequenceIdentifier)) {
            return false;
        }
        enqueue(sequenceIdentifier, letterBuilder.get());
        return true;
    }

    /** The letter with the event's identity and cause, and a short note in place of its payload. */
    static DeadLetter<EventMessage<?>> withoutPayload(
            Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String note = "payload of " + event.getPayloadType().getName() + " omitted: the letter is too large to store";
        EventMessage<?> slim;
        if (event instanceof DomainEventMessage<?> domain) {
            GenericDomainEventMessage<String> message = new GenericDomainEventMessage<>(
                    domain.getType(),
                    domain.getAggregateIdentifier(),
                    domain.getSequenceNumber(),
                    note,
                    domain.getMetaData(),
                    domain.getIdentifier(),
                    domain.getTimestamp());
            slim = event instanceof TrackedEventMessage<?> tracked
                    ? new GenericTrackedDomainEventMessage<>(tracked.trackingToken(), message)
                    : message;
        } else {
            GenericEventMessage<String> message =
                    new GenericEventMessage<>(event.getIdentifier(), note, event.getMetaData(), event.getTimestamp());
            slim = event instanceof TrackedEventMessage<?> tracked
                    ? new GenericTrackedEventMessage<>(tracked.trackingToken(), message)
                    : message;
        }
        Cause cause = letter.cause()
                .map(c -> (Cause) new ThrowableCause(c.type(), shortened(c.message())))
                .orElse(null);
        MetaData diagnostics = letter.diagnostics()
                .and("payloadOmitted", true)
                .and("payloadType", event.getPayloadType().getName());
        return new GenericDeadLetter<>(
                sequenceIdentifier, slim, cause, letter.enqueuedAt(), letter.lastTouched(), diagnostics);
    }

    private static String shortened(String message) {
        return message == null || message.length() <= CAUSE_MESSAGE_LIMIT
                ? message
                : message.substring(0, CAUSE_MESSAGE_LIMIT) + "...";
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        queue.evict(letter);
    }

    @Override
    public void requeue(
            DeadLetter<? extends EventMessage<?>> letter,
            UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater)
            throws NoSuchDeadLetterException {
        queue.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return queue.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return queue.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return queue.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return queue.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return queue.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return queue.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return queue.amountOfSequences();
    }

    @Override
    public boolean process(
            Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
            Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return queue.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        queue.clear();
    }
}
