package com.opportunityengine.query.task;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The task list against MongoDB: overdue is one query, computed against the time asked about. */
class TaskProjectionMongoTest {

    private static EmbeddedMongo mongo;
    private MongoDatabase database;
    private TaskProjection projection;
    private TaskStore tasks;

    @BeforeAll
    static void startMongo() {
        mongo = new EmbeddedMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        database = mongo.database("tasks");
        projection = new TaskProjection(new TaskStore(database));
        tasks = new TaskStore(database);
    }

    private void feed(OpportunityHistory story) {
        for (Sequenced s : story.sequenced()) {
            projection.on(s.event(), s.sequence());
        }
    }

    private List<String> ids(String assignee, Boolean overdue, String now) {
        return tasks.search(assignee, overdue, at(now), 0, 50).items().stream()
                .map(t -> t.taskId)
                .toList();
    }

    @Test
    void overdueMeansDueBeforeNowNotCompletedAndTheOpportunityOpen() {
        TaskId due9 = TaskId.random();
        TaskId due20 = TaskId.random();
        TaskId done = TaskId.random();
        TaskId ofLost = TaskId.random();
        OpportunityHistory open = anOpportunity();
        open.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        open.followUpScheduled(due9, "bob", at("2026-01-09T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        open.followUpScheduled(due20, "bob", at("2026-01-20T09:00:00Z"), at("2026-01-05T10:01:00Z"));
        open.followUpScheduled(done, "bob", at("2026-01-08T09:00:00Z"), at("2026-01-05T10:02:00Z"));
        open.followUpCompleted(done, at("2026-01-08T08:00:00Z"));
        OpportunityHistory lost = anOpportunity();
        lost.titled("CRM").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        lost.followUpScheduled(ofLost, "bob", at("2026-01-07T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        lost.lost("price", "rival", at("2026-01-06T09:00:00Z"));
        feed(open);
        feed(lost);

        assertThat(ids("bob", true, "2026-01-10T00:00:00Z")).containsExactly(due9.toString());
        assertThat(ids("bob", true, "2026-01-21T00:00:00Z")).containsExactly(due9.toString(), due20.toString());
        assertThat(ids("bob", false, "2026-01-10T00:00:00Z"))
                .containsExactly(ofLost.toString(), done.toString(), due20.toString());
        assertThat(ids("bob", null, "2026-01-10T00:00:00Z")).hasSize(4);
        assertThat(ids("someone.else", null, "2026-01-10T00:00:00Z")).isEmpty();

        lost.reopened(1, at("2026-01-12T09:00:00Z"));
        feed(lost);
        assertThat(ids("bob", true, "2026-01-13T00:00:00Z")).containsExactly(ofLost.toString(), due9.toString());
    }

    @Test
    void theSameEventsTwiceChangeNothingAndAResetClearsEverything() {
        OpportunityHistory story = anOpportunity();
        TaskId task = TaskId.random();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.followUpScheduled(task, "bob", at("2026-01-09T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        story.lost("price", "rival", at("2026-01-06T09:00:00Z"));
        feed(story);
        List<Document> once = database.getCollection(TaskStore.TASKS).find().into(new ArrayList<>());

        feed(story);
        assertThat(database.getCollection(TaskStore.TASKS).find().into(new ArrayList<>()))
                .isEqualTo(once);
        assertThat(once.get(0).getString("opportunityStatus")).isEqualTo("LOST");

        projection.reset();
        assertThat(database.getCollection(TaskStore.TASKS).countDocuments()).isZero();
        assertThat(database.getCollection(TaskStore.OPPORTUNITIES).countDocuments())
                .isZero();
    }

    /**
     * An event loads its opportunity's tasks by their ids, which the opportunity's head document lists, not by a
     * query on {@code opportunityId}: the embedded store ignores that index and scanned every task on every event.
     */
    @Test
    void anEventFindsItsOpportunitysTasksByTheIdsTheHeadLists() {
        OpportunityHistory story = anOpportunity();
        TaskId first = TaskId.random();
        TaskId second = TaskId.random();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.followUpScheduled(first, "bob", at("2026-01-09T09:00:00Z"), at("2026-01-05T10:00:00Z"));
        story.followUpScheduled(second, "bob", at("2026-01-12T09:00:00Z"), at("2026-01-05T11:00:00Z"));
        List<Sequenced> events = story.sequenced();
        for (Sequenced s : events) {
            projection.on(s.event(), s.sequence());
        }
        String opportunityId = events.get(0).event().opportunityId().toString();
        Document head = database.getCollection(TaskStore.OPPORTUNITIES)
                .find(new Document("_id", opportunityId))
                .first();
        assertThat(head.getList(TaskStore.TASK_IDS, String.class)).containsExactly(first.toString(), second.toString());

        // a query by opportunity id would no longer find the first task: found by key, it is still completed
        database.getCollection(TaskStore.TASKS)
                .updateOne(
                        new Document("_id", first.toString()),
                        new Document("$set", new Document("opportunityId", "somewhere-else")));
        story.followUpCompleted(first, at("2026-01-08T08:00:00Z"));
        List<Sequenced> all = story.sequenced();
        Sequenced completion = all.get(all.size() - 1);
        projection.on(completion.event(), completion.sequence());

        Document completed = database.getCollection(TaskStore.TASKS)
                .find(new Document("_id", first.toString()))
                .first();
        assertThat(completed.getString("status")).isEqualTo("COMPLETED");
    }
}
