package com.opportunityengine.query.task;

import com.opportunityengine.events.opportunity.OpportunityEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.stereotype.Component;

/** Keeps the task list ({@link TaskStore}): every follow-up task and its opportunity's status. */
@Component
@ProcessingGroup(TaskProjection.GROUP)
class TaskProjection {

    static final String GROUP = "tasks";

    private final TaskStore tasks;

    TaskProjection(TaskStore tasks) {
        this.tasks = tasks;
    }

    @EventHandler
    void on(OpportunityEvent event, @SequenceNumber Long sequence) {
        TaskOpportunityState state = tasks.load(event.opportunityId().toString());
        if (state.apply(event, sequence)) {
            tasks.save(state);
        }
    }

    @ResetHandler
    void reset() {
        tasks.clear();
    }
}
