package com.opportunityengine.query.task;

import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.query.support.EmbeddedMongo;
import com.opportunityengine.query.support.Sequenced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The task list fed in processor batches leaves the documents it leaves event by event, tasks scheduled
 * and completed (or their opportunity closed) within one batch included.
 */
class TaskBatchingTest {

    private static final String[] COLLECTIONS = {TaskRepository.TASKS, TaskRepository.OPPORTUNITIES};

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aLogHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(17L, 20, Batches.richStories(10));
        MongoDatabase oneByOne = mongo.database("one-by-one");
        Batches.oneByOne(log, new TaskProjection(oneByOne)::on);
        List<String> expected = Batches.dump(oneByOne, COLLECTIONS);

        for (int size : new int[]{7, 1000}) {
            MongoDatabase batched = mongo.database("batches-of-" + size);
            Batches.inBatches(log, size, new TaskProjection(batched)::on);
            assertThat(Batches.dump(batched, COLLECTIONS)).as("batches of %d", size).isEqualTo(expected);
        }
        assertThat(expected).anyMatch(d -> d.contains("\"status\": \"COMPLETED\""));
    }
}
