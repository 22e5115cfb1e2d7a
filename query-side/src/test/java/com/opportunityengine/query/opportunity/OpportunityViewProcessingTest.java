package com.opportunityengine.query.opportunity;

import static com.opportunityengine.query.support.AxonHarness.await;
import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.query.support.AxonHarness;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The opportunity view projection run by a real pooled streaming processor with the MongoDB
 * dead-letter queue: a poison event parks only its own opportunity, a retry heals it, a replay
 * rebuilds the same views.
 */
class OpportunityViewProcessingTest {

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private AxonHarness axon;
    private final PoisonPill poison = new PoisonPill();

    /** A test-only handler in the same processing group that fails for one opportunity while armed. */
    @ProcessingGroup(OpportunityViewProjection.GROUP)
    static class PoisonPill {
        volatile OpportunityId target;
        final AtomicBoolean armed = new AtomicBoolean(true);

        @EventHandler
        void on(OpportunityEvent event) {
            if (armed.get() && event.opportunityId().equals(target)) {
                throw new IllegalStateException("poison for " + target);
            }
        }
    }

    @BeforeEach
    void setUp() {
        mongo = new EmbeddedMongo();
        database = mongo.database("processing");
        axon = new AxonHarness(
                database,
                Set.of(OpportunityViewProjection.GROUP),
                new OpportunityViewProjection(new OpportunityViewStore(database)),
                poison);
    }

    @AfterEach
    void tearDown() {
        axon.close();
        mongo.close();
    }

    private long version(OpportunityHistory story) {
        Document view = database.getCollection(OpportunityViewStore.COLLECTION)
                .find(new Document("_id", story.id().toString()))
                .first();
        return view == null ? -1 : view.getLong("version");
    }

    private List<Document> views() {
        return database.getCollection(OpportunityViewStore.COLLECTION)
                .find()
                .sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    private SequencedDeadLetterQueue<EventMessage<?>> deadLetters() {
        return axon.config
                .eventProcessingConfiguration()
                .deadLetterQueue(OpportunityViewProjection.GROUP)
                .orElseThrow();
    }

    private static OpportunityHistory story(String title) {
        OpportunityHistory story = anOpportunity();
        story.titled(title).worth("1000", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-06T09:00:00Z"));
        story.movedTo(2, null, at("2026-01-07T09:00:00Z"));
        return story;
    }

    @Test
    void aPoisonEventParksItsOpportunityAndTheOthersCarryOnUntilARetryHealsIt() {
        OpportunityHistory healthy = story("healthy");
        OpportunityHistory poisoned = story("poisoned");
        OpportunityHistory later = story("later");
        poison.target = poisoned.id();
        axon.append(healthy);
        axon.append(poisoned);
        axon.append(later);

        await(() ->
                version(healthy) == 2 && version(later) == 2 && deadLetters().size() == 3);
        // the view may have taken the poisoned event itself (it runs before the pill), but nothing after it
        assertThat(version(poisoned)).isLessThanOrEqualTo(0);
        assertThat(deadLetters().amountOfSequences()).isEqualTo(1);
        assertThat(deadLetters().contains(poisoned.id().toString())).isTrue();

        poison.armed.set(false);
        var processor = axon.config
                .eventProcessingConfiguration()
                .sequencedDeadLetterProcessor(OpportunityViewProjection.GROUP)
                .orElseThrow();
        assertThat(processor.processAny()).isTrue();

        assertThat(deadLetters().size()).isZero();
        assertThat(version(poisoned)).isEqualTo(2);
    }

    @Test
    void aReplayRebuildsTheSameViews() {
        poison.armed.set(false);
        OpportunityHistory one = story("one");
        OpportunityHistory two = story("two");
        two.lost("price", "rival", at("2026-01-08T09:00:00Z"));
        two.reopened(1, at("2026-01-09T09:00:00Z"));
        axon.append(one);
        axon.append(two);
        await(() -> version(one) == 2 && version(two) == 4);
        List<Document> before = views();

        StreamingEventProcessor processor = axon.config
                .eventProcessingConfiguration()
                .eventProcessor(OpportunityViewProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(views()).isEmpty();
        processor.start();

        await(() -> views().size() == 2 && version(one) == 2 && version(two) == 4);
        assertThat(views()).isEqualTo(before);
    }
}
