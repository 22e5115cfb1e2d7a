package com.opportunityengine.query.task;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import org.junit.jupiter.api.Test;

class TaskOpportunityStateTest {

    private final TaskId taskId = TaskId.random();

    private static TaskOpportunityState fold(OpportunityHistory story) {
        TaskOpportunityState state = new TaskOpportunityState();
        for (Sequenced s : story.sequenced()) {
            state.apply(s.event(), s.sequence());
        }
        return state;
    }

    private OpportunityHistory withATaskDue(String due) {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.followUpScheduled(taskId, "wang.fang", at(due), at("2026-01-05T10:00:00Z"));
        return story;
    }

    @Test
    void anOpenTaskIsOverdueOnlyOnceItsDueTimeHasPassed() {
        TaskState task = fold(withATaskDue("2026-01-10T09:00:00Z")).tasks.get(taskId.toString());

        assertThat(task.overdue(at("2026-01-10T09:00:00Z"))).isFalse();
        assertThat(task.overdue(at("2026-01-10T09:00:00.001Z"))).isTrue();
        assertThat(task.assigneeId).isEqualTo("wang.fang");
    }

    @Test
    void aCompletedTaskIsNeverOverdue() {
        OpportunityHistory story = withATaskDue("2026-01-10T09:00:00Z");
        story.followUpCompleted(taskId, at("2026-01-12T09:00:00Z"));

        TaskState task = fold(story).tasks.get(taskId.toString());

        assertThat(task.status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task.completedAt).isEqualTo(at("2026-01-12T09:00:00Z"));
        assertThat(task.overdue(at("2026-02-01T00:00:00Z"))).isFalse();
    }

    @Test
    void tasksOfALostOrWonOpportunityAreNotOverdueButAreAgainAfterReopening() {
        OpportunityHistory story = withATaskDue("2026-01-10T09:00:00Z");
        story.lost("price", "rival", at("2026-01-11T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z")))
                .isFalse();

        story.reopened(1, at("2026-01-12T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z")))
                .isTrue();

        story.convertedTo(DealId.random(), at("2026-01-13T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z")))
                .isFalse();
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        OpportunityHistory story = withATaskDue("2026-01-10T09:00:00Z");
        story.followUpCompleted(taskId, at("2026-01-12T09:00:00Z"));
        TaskOpportunityState state = fold(story);

        Sequenced scheduled = story.sequenced().get(1);
        assertThat(state.apply(scheduled.event(), scheduled.sequence())).isFalse();

        assertThat(state.tasks.get(taskId.toString()).status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(state.version).isEqualTo(2);
    }
}
