package com.opportunityengine.query.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.Sequenced;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The task list fed in processor batches leaves the documents it leaves event by event, tasks scheduled
 * and completed (or their opportunity closed) within one batch included.
 */
class TaskBatchingTest {

    private static final String[] COLLECTIONS = {TaskStore.TASKS, TaskStore.OPPORTUNITIES};

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aLogHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(17L, 20, Batches.richStories(10));
        List<String> expected = Batches.assertBatchesLeaveWhatOneByOneLeaves(
                mongo, log, database -> new TaskProjection(new TaskStore(database))::on, COLLECTIONS);
        assertThat(expected).anyMatch(d -> d.contains("\"status\": \"COMPLETED\""));
    }
}
