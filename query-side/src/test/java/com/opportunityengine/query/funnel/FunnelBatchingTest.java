package com.opportunityengine.query.funnel;

import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The funnel projection fed in processor batches (one unit of work each, writes flushed at its end) leaves
 * exactly the documents, field order included, that it leaves when fed event by event.
 */
class FunnelBatchingTest {

    private static final String[] COLLECTIONS = {
        MongoFunnelStore.STATES, MongoFunnelStore.DELTAS, MongoFunnelStore.LISTS, MongoFunnelStore.META
    };

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    private List<String> oneByOne(List<Sequenced> log) {
        MongoDatabase database = mongo.database("one-by-one");
        Batches.oneByOne(log, new FunnelProjection(new MongoFunnelStore(database))::on);
        return Batches.dump(database, COLLECTIONS);
    }

    private List<String> inBatches(List<Sequenced> log, int size) {
        MongoDatabase database = mongo.database("batches-of-" + size);
        Batches.inBatches(log, size, new FunnelProjection(new MongoFunnelStore(database))::on);
        return Batches.dump(database, COLLECTIONS);
    }

    private static List<Sequenced> sequenced(List<OpportunityEvent> events) {
        List<Sequenced> log = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            log.add(new Sequenced(events.get(i), i));
        }
        return log;
    }

    @Test
    void aLogHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(7L, 50, Batches.richStories(6));
        List<String> expected = oneByOne(log);
        assertThat(expected).hasSizeGreaterThan(500);

        for (int size : new int[] {1, 7, 50, 1000}) {
            assertThat(inBatches(log, size)).as("batches of %d", size).isEqualTo(expected);
        }
    }

    @Test
    void theEventsOfOneOpportunityInOneBatchFoldOnEachOther() {
        OpportunityHistory history = OpportunityHistory.anOpportunity(1)
                .created(at("2026-01-05T10:00:00Z"))
                .movedTo(3, at("2026-01-07T10:00:00Z"))
                .movedTo(2, at("2026-01-08T10:00:00Z"))
                .lost(at("2026-01-09T10:00:00Z"));
        List<Sequenced> log = sequenced(history.events());
        MongoDatabase database = mongo.database("one-batch");
        FunnelProjection projection = new FunnelProjection(new MongoFunnelStore(database));

        Batches.inOneBatch(
                Batches.messages(log), (event, sequence) -> projection.on((OpportunityEvent) event, sequence));

        FunnelState expected = new FunnelState();
        for (OpportunityEvent event : history.events()) {
            expected = FunnelFold.apply(expected, event);
        }
        FunnelQueryService funnel =
                new FunnelQueryService(PipelineCatalog.defaultOnly(), new MongoFunnelStore(database));
        assertThat(funnel.sum("default", null, null, null, null, null)).isEqualTo(expected.contribution());
        assertThat(new MongoFunnelStore(database)
                        .state(history.id().toString())
                        .orElseThrow()
                        .sequence())
                .isEqualTo(3);
        assertThat(Batches.dump(database, COLLECTIONS)).isEqualTo(oneByOne(log));
    }

    @Test
    void anEventDeliveredAgainWhileItsFirstDeliveryIsStillStagedChangesNothing() {
        OpportunityHistory history = OpportunityHistory.anOpportunity(2)
                .created(at("2026-01-05T10:00:00Z"))
                .movedTo(2, at("2026-01-06T10:00:00Z"))
                .won(at("2026-01-07T10:00:00Z"));
        List<Sequenced> log = sequenced(history.events());
        List<Sequenced> redelivered = List.of(log.get(0), log.get(1), log.get(1), log.get(0), log.get(2), log.get(2));
        MongoDatabase database = mongo.database("redelivered");
        FunnelProjection projection = new FunnelProjection(new MongoFunnelStore(database));

        Batches.inOneBatch(
                Batches.messages(redelivered), (event, sequence) -> projection.on((OpportunityEvent) event, sequence));

        assertThat(Batches.dump(database, COLLECTIONS)).isEqualTo(oneByOne(log));
    }
}
