package com.opportunityengine.query.store;

import java.util.HashSet;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * A processor's handler interceptor that opens a {@link WriteBatch} for a batch of events and flushes it
 * after the batch's last event has been handled, still inside the batch's processing: before the unit of
 * work commits, so before the pooled processor stores the batch's token (its {@code onPrepareCommit}
 * handler, registered before any handler runs). A flush that throws fails the batch: the unit of work rolls
 * back, the token stays where it was and the processor handles the batch again. Units of work other than a
 * batch (a dead-letter retry) get no batch: their stores write at once.
 */
public final class FlushAtEndOfBatch implements MessageHandlerInterceptor<EventMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch)) {
            return chain.proceed();
        }
        WriteBatch writes = batch.getOrComputeResource(WriteBatch.RESOURCE, key -> new WriteBatch(aggregateIds(batch)));
        Object result = chain.proceed();
        if (batch.isLastMessage()) {
            batch.resources().remove(WriteBatch.RESOURCE);
            writes.flush();
        }
        return result;
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
