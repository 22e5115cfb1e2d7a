package com.opportunityengine.query.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.opportunity.FollowUpScheduled;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OwnerAssigned;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.opportunity.TaskType;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A hand-over's OwnerAssigned moves the tasks it names to the new owner in the task view, and only those. */
class TaskHandOverTest {

    private static final Instant AT = Instant.parse("2026-01-05T09:00:00Z");

    @Test
    void theMovedTasksGoToTheNewOwnerTheOthersStay() {
        OpportunityId id = OpportunityId.random();
        TaskId moved = TaskId.random();
        TaskId kept = TaskId.random();
        TaskOpportunityState state = new TaskOpportunityState();
        state.apply(
                new OpportunityCreated(
                        id,
                        "ERP",
                        null,
                        CustomerId.random(),
                        "web",
                        Money.of("1", "CNY"),
                        null,
                        UserId.of("leo"),
                        PipelineId.DEFAULT,
                        StageCode.of("initial-contact"),
                        1,
                        List.of(),
                        AT),
                0);
        state.apply(new FollowUpScheduled(id, moved, UserId.of("leo"), AT, TaskType.CALL, "call", AT), 1);
        state.apply(new FollowUpScheduled(id, kept, UserId.of("max"), AT, TaskType.CALL, "demo", AT), 2);
        state.apply(new OwnerAssigned(id, UserId.of("leo"), UserId.of("ann"), "HANDOVER", AT, List.of(moved), null), 3);

        assertThat(state.tasks.get(moved.toString()).assigneeId).isEqualTo("ann");
        assertThat(state.tasks.get(kept.toString()).assigneeId).isEqualTo("max");
        assertThat(state.changed).contains(moved.toString());
    }
}
