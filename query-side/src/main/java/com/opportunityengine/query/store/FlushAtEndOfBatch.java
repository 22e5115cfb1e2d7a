package com.opportunityengine.query.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.bson.BsonMaximumSizeExceededException;
import org.bson.BsonSerializationException;

/**
 * A processor's handler interceptor that opens a {@link WriteBatch} for a batch of events and flushes it
 * after the batch's last event has been handled, still inside the batch's processing: before the unit of
 * work commits, so before the pooled processor stores the batch's token (its {@code onPrepareCommit}
 * handler, registered before any handler runs). A flush that throws fails the batch: the unit of work rolls
 * back, the token stays where it was and the processor handles the batch again. Units of work other than a
 * batch (a dead-letter retry) get no batch: their stores write at once.
 *
 * <p>A flush the store refuses whatever its state (a document over the store's size limit, a value BSON cannot
 * hold) would fail the same batch forever. Its events are remembered, and when the processor hands them again
 * their batch gets no {@link WriteBatch}: each event's writes go to the store inside its own handler, so the one
 * event whose write is refused fails in its handler and is parked in the group's dead-letter queue (with the rest
 * of its sequence), and the others go on. A flush that fails for any other reason (the store unreachable or full)
 * is retried as it was, so that no event is parked for a fault of the store.
 */
public final class FlushAtEndOfBatch implements MessageHandlerInterceptor<EventMessage<?>> {

    /** BSONObjectTooLarge, KeyTooLong: the server's refusals of a document whatever the state. */
    private static final Set<Integer> REFUSED_CODES = Set.of(10334, 17280);

    private final Set<String> oneByOne = ConcurrentHashMap.newKeySet();

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch)) {
            return chain.proceed();
        }
        if (!oneByOne.isEmpty() && batch.getMessages().stream().anyMatch(m -> oneByOne.contains(m.getIdentifier()))) {
            Object result = chain.proceed();
            if (batch.isLastMessage()) {
                batch.getMessages().forEach(m -> oneByOne.remove(m.getIdentifier()));
            }
            return result;
        }
        WriteBatch writes = batch.getOrComputeResource(WriteBatch.RESOURCE, key -> new WriteBatch(aggregateIds(batch)));
        Object result = chain.proceed();
        if (batch.isLastMessage()) {
            batch.resources().remove(WriteBatch.RESOURCE);
            try {
                writes.flush();
            } catch (RuntimeException e) {
                if (refusedWhateverTheState(e)) {
                    for (Message<?> message : batch.getMessages()) {
                        oneByOne.add(message.getIdentifier());
                    }
                }
                throw e;
            }
        }
        return result;
    }

    public static boolean refusedWhateverTheState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BsonMaximumSizeExceededException || t instanceof BsonSerializationException) {
                return true;
            }
            if (t instanceof MongoWriteException write
                    && REFUSED_CODES.contains(write.getError().getCode())) {
                return true;
            }
            if (t instanceof MongoBulkWriteException bulk
                    && !bulk.getWriteErrors().isEmpty()
                    && bulk.getWriteErrors().stream().allMatch(e -> REFUSED_CODES.contains(e.getCode()))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> aggregateIds(BatchingUnitOfWork<?> batch) {
        Set<String> ids = new HashSet<>();
        for (Object message : batch.getMessages()) {
            if (message instanceof DomainEventMessage<?> event && event.getAggregateIdentifier() != null) {
                ids.add(event.getAggregateIdentifier());
            }
        }
        return ids;
    }
}
