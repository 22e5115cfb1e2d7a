package com.opportunityengine.query.opportunity;

import java.util.List;
import java.util.function.BiConsumer;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.query.support.EmbeddedMongo;
import com.opportunityengine.query.support.OpportunityStory;
import com.opportunityengine.query.support.Sequenced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.opportunityengine.query.support.OpportunityStory.anOpportunity;
import static com.opportunityengine.query.support.OpportunityStory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The opportunity views and the timeline fed in processor batches leave the documents they leave event by event. */
class OpportunityBatchingTest {

    private static final String[] COLLECTIONS = {OpportunityViewRepository.COLLECTION, TimelineRepository.ENTRIES,
            TimelineRepository.HEADS};

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static BiConsumer<OpportunityEvent, Long> projections(MongoDatabase database) {
        OpportunityViewProjection views = new OpportunityViewProjection(database);
        TimelineProjection timeline = new TimelineProjection(database);
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

        for (int size : new int[]{7, 1000}) {
            MongoDatabase batched = mongo.database("batches-of-" + size);
            Batches.inBatches(log, size, projections(batched));
            assertThat(Batches.dump(batched, COLLECTIONS)).as("batches of %d", size).isEqualTo(expected);
        }
    }

    @Test
    void anEventWhoseHandlerFailsLeavesNothingOfItselfInTheBatch() {
        OpportunityStory story = anOpportunity();
        story.created("ERP", "100", "li.wei", at("2026-01-05T09:00:00Z"));
        story.movedTo(2, null, at("2026-01-06T09:00:00Z"));
        OpportunityStory orphan = anOpportunity(); // its creation never reaches the view: the view refuses the rest
        orphan.created("lost", "1", "li.wei", at("2026-01-05T09:00:00Z"));
        orphan.movedTo(2, null, at("2026-01-06T09:00:00Z"));
        MongoDatabase database = mongo.database("failing");
        OpportunityViewProjection views = new OpportunityViewProjection(database);
        List<Sequenced> batch = List.of(story.events().get(0), orphan.events().get(1), story.events().get(1));

        Batches.inOneBatch(Batches.messages(batch), (event, sequence) -> {
            // the dead-letter queue catches a handler's exception inside the batch and carries on
            if (event == orphan.events().get(1).event()) {
                assertThatThrownBy(() -> views.on((OpportunityEvent) event, sequence)).isInstanceOf(IllegalStateException.class);
            } else {
                views.on((OpportunityEvent) event, sequence);
            }
        });

        assertThat(Batches.dump(database, OpportunityViewRepository.COLLECTION)).hasSize(1)
                .allMatch(d -> d.contains(story.id.toString()) && d.contains("\"version\": 1"));
    }
}
