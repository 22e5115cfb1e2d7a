package com.opportunityengine.query.task;

import static com.opportunityengine.query.store.Documents.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * Stores the task list: {@code qv_tasks} one document per follow-up task (with its opportunity's
 * status, so that "overdue" is one query), {@code qv_task_opportunities} the status, last applied
 * sequence and task ids per opportunity. Writes go through {@link BatchedWrites} (staged and flushed at the end of a
 * processor batch); loading an opportunity's tasks lays the batch's staged tasks over the stored ones.
 */
@Component
class TaskStore {

    static final String TASKS = "qv_tasks";
    static final String OPPORTUNITIES = "qv_task_opportunities";
    /**
     * The head's list of its opportunity's task ids: an event loads the tasks by key ({@code _id $in}), never by a
     * query on {@code opportunityId}, which the embedded store answers by scanning every task of every opportunity.
     */
    static final String TASK_IDS = "taskIds";

    private final MongoCollection<Document> tasks;
    private final BatchedWrites writes;

    TaskStore(@ReadModels MongoDatabase database) {
        this.tasks = database.getCollection(TASKS);
        this.writes = new BatchedWrites(database, TASKS, OPPORTUNITIES);
        createIndexes();
    }

    private void createIndexes() {
        tasks.createIndex(Indexes.ascending("opportunityId"));
        tasks.createIndex(Indexes.ascending("assigneeId", "dueAt"));
        tasks.createIndex(Indexes.ascending("status", "opportunityStatus", "dueAt"));
    }

    void clear() {
        writes.clear();
    }

    /** The opportunity's tasks and status as stored, or as the current batch has left them. */
    TaskOpportunityState load(String opportunityId) {
        TaskOpportunityState state = new TaskOpportunityState();
        Document head = writes.find(OPPORTUNITIES, opportunityId).orElse(null);
        if (head != null) {
            state.opportunityId = opportunityId;
            state.status = OpportunityStatus.valueOf(head.getString("status"));
            state.version = ((Number) head.get("version")).longValue();
            Map<String, Document> found = new LinkedHashMap<>();
            List<String> taskIds = head.getList(TASK_IDS, String.class);
            if (taskIds == null) {
                // a head stored before it listed its task ids (until 2026-12-04): by the opportunity's id, which the
                // embedded store answers by scanning every task (it ignores non-unique indexes)
                tasks.find(Filters.eq("opportunityId", opportunityId)).forEach(d -> found.put(d.getString("_id"), d));
            } else if (!taskIds.isEmpty()) {
                tasks.find(Filters.in("_id", taskIds)).forEach(d -> found.put(d.getString("_id"), d));
            }
            writes.staged(TASKS).forEach((taskId, d) -> {
                if (opportunityId.equals(d.getString("opportunityId"))) {
                    found.put(taskId, d);
                }
            });
            found.values().stream()
                    .sorted(Comparator.comparing(
                            d -> d.getString("scheduledAt"), Comparator.nullsFirst(Comparator.naturalOrder())))
                    .forEach(d -> {
                        TaskState task = fromDocument(d);
                        state.tasks.put(task.taskId, task);
                    });
        }
        return state;
    }

    void save(TaskOpportunityState state) {
        Changes changes = new Changes();
        for (String taskId : state.changed) {
            TaskState task = state.tasks.get(taskId);
            changes.replace(TASKS, task.taskId, toDocument(task));
        }
        changes.replace(
                OPPORTUNITIES,
                state.opportunityId,
                new Document("_id", state.opportunityId)
                        .append("status", state.status.name())
                        .append("version", state.version)
                        .append(TASK_IDS, new ArrayList<>(state.tasks.keySet())));
        writes.write(changes);
        state.changed.clear();
    }

    /**
     * A page of tasks, soonest due first.
     *
     * @param overdue true: only overdue ones at {@code now}; false: only those not overdue; null: all
     * @param opportunityIds only tasks of these opportunities; null: of every opportunity
     */
    TaskPage search(String assigneeId, Boolean overdue, Instant now, int page, int size) {
        return search(assigneeId, overdue, now, null, page, size);
    }

    /**
     * A page of tasks, soonest due first, of the given opportunities only.
     *
     * @param overdue true: only overdue ones at {@code now}; false: only those not overdue; null: all
     * @param opportunityIds only tasks of these opportunities; null: of every opportunity
     */
    TaskPage search(
            String assigneeId, Boolean overdue, Instant now, Collection<String> opportunityIds, int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (opportunityIds != null) {
            filters.add(Filters.in("opportunityId", opportunityIds));
        }
        if (assigneeId != null) {
            filters.add(Filters.eq("assigneeId", assigneeId));
        }
        if (overdue != null) {
            Bson isOverdue = Filters.and(
                    Filters.eq("status", TaskStatus.OPEN.name()),
                    Filters.eq("opportunityStatus", OpportunityStatus.OPEN.name()),
                    Filters.lt("dueAt", instant(now)));
            filters.add(overdue ? isOverdue : Filters.nor(isOverdue));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        List<TaskState> found = new ArrayList<>();
        tasks.find(filter)
                .sort(Sorts.ascending("dueAt", "_id"))
                .skip(page * size)
                .limit(size)
                .forEach(d -> found.add(fromDocument(d)));
        return new TaskPage(found, tasks.countDocuments(filter));
    }

    private static Document toDocument(TaskState task) {
        return new Document("_id", task.taskId)
                .append("opportunityId", task.opportunityId)
                .append("assigneeId", task.assigneeId)
                .append("type", task.type)
                .append("description", task.description)
                .append("dueAt", instant(task.dueAt))
                .append("scheduledAt", instant(task.scheduledAt))
                .append("status", task.status.name())
                .append("completedAt", instant(task.completedAt))
                .append("outcome", task.outcome)
                .append("opportunityStatus", task.opportunityStatus.name());
    }

    private static TaskState fromDocument(Document document) {
        TaskState task = new TaskState();
        task.taskId = document.getString("_id");
        task.opportunityId = document.getString("opportunityId");
        task.assigneeId = document.getString("assigneeId");
        task.type = document.getString("type");
        task.description = document.getString("description");
        task.dueAt = instant(document.getString("dueAt"));
        task.scheduledAt = instant(document.getString("scheduledAt"));
        task.status = TaskStatus.valueOf(document.getString("status"));
        task.completedAt = instant(document.getString("completedAt"));
        task.outcome = document.getString("outcome");
        task.opportunityStatus = OpportunityStatus.valueOf(document.getString("opportunityStatus"));
        return task;
    }
}
