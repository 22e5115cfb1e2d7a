package com.opportunityengine.query.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.Sequenced;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline totals fed in processor batches (increments of one total summed, Decimal128 amounts included)
 * leave the documents they leave event by event.
 */
class PipelineBatchingTest {

    private static final String[] COLLECTIONS = {MongoPipelineTotalsStore.TOTALS, MongoPipelineTotalsStore.STATES};

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aLogHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(13L, 60, Batches.richStories(8));
        List<String> expected = Batches.assertBatchesLeaveWhatOneByOneLeaves(
                mongo,
                log,
                database -> new PipelineProjection(new MongoPipelineTotalsStore(database))::on,
                COLLECTIONS);
        assertThat(expected).anyMatch(d -> d.contains("$numberDecimal"));
    }
}
