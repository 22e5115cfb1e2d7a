package com.opportunityengine.query.task;

import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.query.support.OpportunityStory;
import com.opportunityengine.query.support.Sequenced;
import org.junit.jupiter.api.Test;

import static com.opportunityengine.query.support.OpportunityStory.anOpportunity;
import static com.opportunityengine.query.support.OpportunityStory.at;
import static org.assertj.core.api.Assertions.assertThat;

class TaskOpportunityStateTest {

    private final TaskId taskId = TaskId.random();

    private static TaskOpportunityState fold(OpportunityStory story) {
        TaskOpportunityState state = new TaskOpportunityState();
        for (Sequenced s : story.events()) {
            state.apply(s.event(), s.sequence());
        }
        return state;
    }

    private OpportunityStory withATaskDue(String due) {
        OpportunityStory story = anOpportunity();
        story.created("ERP", "100", "li.wei", at("2026-01-05T09:00:00Z"));
        story.task(taskId, "wang.fang", at(due), at("2026-01-05T10:00:00Z"));
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
        OpportunityStory story = withATaskDue("2026-01-10T09:00:00Z");
        story.completed(taskId, at("2026-01-12T09:00:00Z"));

        TaskState task = fold(story).tasks.get(taskId.toString());

        assertThat(task.status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(task.completedAt).isEqualTo(at("2026-01-12T09:00:00Z"));
        assertThat(task.overdue(at("2026-02-01T00:00:00Z"))).isFalse();
    }

    @Test
    void tasksOfALostOrWonOpportunityAreNotOverdueButAreAgainAfterReopening() {
        OpportunityStory story = withATaskDue("2026-01-10T09:00:00Z");
        story.lost("price", at("2026-01-11T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z"))).isFalse();

        story.reopened(1, at("2026-01-12T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z"))).isTrue();

        story.converted(DealId.random(), at("2026-01-13T09:00:00Z"));
        assertThat(fold(story).tasks.get(taskId.toString()).overdue(at("2026-02-01T00:00:00Z"))).isFalse();
    }

    @Test
    void theSameEventTwiceChangesNothing() {
        OpportunityStory story = withATaskDue("2026-01-10T09:00:00Z");
        story.completed(taskId, at("2026-01-12T09:00:00Z"));
        TaskOpportunityState state = fold(story);

        Sequenced scheduled = story.events().get(1);
        assertThat(state.apply(scheduled.event(), scheduled.sequence())).isFalse();

        assertThat(state.tasks.get(taskId.toString()).status).isEqualTo(TaskStatus.COMPLETED);
        assertThat(state.version).isEqualTo(2);
    }
}
