package com.opportunityengine.command.assignment;

import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Keeps {@link OpenOpportunities} in step with the events this node publishes: an event-bus dispatch
 * interceptor that, for each creation, owner change, loss, reopening and conversion, registers the ledger's
 * write to run after the unit of work that appends the event has committed (at once when there is none).
 * So the ledger never counts an opportunity whose events were not appended; it may miss one whose node
 * died between the append and the write (the count is then one low until that opportunity's next owner
 * change or close). docs/assignment.md, "Consistency".
 */
public class OpenOpportunityTracker implements MessageDispatchInterceptor<EventMessage<?>> {

    private final OpenOpportunities ledger;

    public OpenOpportunityTracker(OpenOpportunities ledger) {
        this.ledger = ledger;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, message) -> {
            Runnable write = write(message.getPayload());
            if (write != null) {
                if (CurrentUnitOfWork.isStarted()) {
                    CurrentUnitOfWork.get().afterCommit(unitOfWork -> write.run());
                } else {
                    write.run();
                }
            }
            return message;
        };
    }

    private Runnable write(Object payload) {
        if (payload instanceof OpportunityCreated created && created.ownerId() != null) {
            return () -> ledger.opened(
                    created.opportunityId().toString(), created.ownerId().toString(), created.occurredAt());
        }
        if (payload instanceof OwnerAssigned assigned && assigned.ownerId() != null) {
            return () -> ledger.ownerChanged(
                    assigned.opportunityId().toString(), assigned.ownerId().toString(), assigned.occurredAt());
        }
        if (payload instanceof OpportunityLost lost) {
            return () -> ledger.closed(lost.opportunityId().toString());
        }
        if (payload instanceof OpportunityConverted converted) {
            return () -> ledger.closed(converted.opportunityId().toString());
        }
        if (payload instanceof OpportunityReopened reopened) {
            return () -> ledger.reopened(reopened.opportunityId().toString());
        }
        return null;
    }
}
