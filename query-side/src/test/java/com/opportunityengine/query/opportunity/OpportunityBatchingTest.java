package com.opportunityengine.query.opportunity;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The opportunity views and the timeline fed in processor batches leave the documents they leave event by event. */
class OpportunityBatchingTest {

    private static final String[] COLLECTIONS = {
        OpportunityViewStore.COLLECTION, TimelineStore.ENTRIES, TimelineStore.HEADS
    };

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static BiConsumer<OpportunityEvent, Long> projections(MongoDatabase database) {
        OpportunityViewProjection views = new OpportunityViewProjection(new OpportunityViewStore(database));
        TimelineProjection timeline = new TimelineProjection(new TimelineStore(database));
        return (event, sequence) -> {
            views.on(event, sequence);
            timeline.on(event, sequence);
        };
    }

    @Test
    void aLogHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(11L, 40, Batches.richStories(8));
        MongoDatabase oneByOne = mongo.database("one-by-one");
        Batches.oneByOne(log, projections(oneByOne));
        List<String> expected = Batches.dump(oneByOne, COLLECTIONS);

        for (int size : new int[] {7, 1000}) {
            MongoDatabase batched = mongo.database("batches-of-" + size);
            Batches.inBatches(log, size, projections(batched));
            assertThat(Batches.dump(batched, COLLECTIONS))
                    .as("batches of %d", size)
                    .isEqualTo(expected);
        }
    }

    @Test
    void anEventWhoseHandlerFailsLeavesNothingOfItselfInTheBatch() {
        OpportunityHistory story = anOpportunity();
        story.titled("ERP").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.movedTo(2, null, at("2026-01-06T09:00:00Z"));
        OpportunityHistory orphan = anOpportunity(); // its creation never reaches the view: the view refuses the rest
        orphan.titled("lost").worth("1", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        orphan.movedTo(2, null, at("2026-01-06T09:00:00Z"));
        MongoDatabase database = mongo.database("failing");
        OpportunityViewProjection views = new OpportunityViewProjection(new OpportunityViewStore(database));
        List<Sequenced> batch = List.of(
                story.sequenced().get(0),
                orphan.sequenced().get(1),
                story.sequenced().get(1));

        Batches.inOneBatch(Batches.messages(batch), (event, sequence) -> {
            // the dead-letter queue catches a handler's exception inside the batch and carries on
            if (event == orphan.sequenced().get(1).event()) {
                assertThatThrownBy(() -> views.on((OpportunityEvent) event, sequence))
                        .isInstanceOf(IllegalStateException.class);
            } else {
                views.on((OpportunityEvent) event, sequence);
            }
        });

        assertThat(Batches.dump(database, OpportunityViewStore.COLLECTION))
                .hasSize(1)
                .allMatch(d -> d.contains(story.id().toString()) && d.contains("\"version\": 1"));
    }
}
