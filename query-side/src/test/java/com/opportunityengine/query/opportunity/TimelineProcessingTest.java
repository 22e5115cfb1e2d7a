package com.opportunityengine.query.opportunity;

import static com.opportunityengine.query.support.AxonHarness.await;
import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.query.support.AxonHarness;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The timeline run by a real pooled streaming processor with the MongoDB dead-letter queue: an event whose entry
 * the store refuses (a 9 MB title: its entry, which holds the title twice, is over the 16 MB document limit) is parked, its opportunity's later events with it, and the
 * other opportunities' timelines go on; the batch is not retried forever.
 */
class TimelineProcessingTest {

    private EmbeddedMongo mongo;
    private MongoDatabase database;
    private AxonHarness axon;
    private TimelineStore timeline;

    @BeforeEach
    void setUp() {
        mongo = new EmbeddedMongo();
        database = mongo.database("timeline-processing");
        timeline = new TimelineStore(database);
        axon = new AxonHarness(database, Set.of(TimelineProjection.GROUP), new TimelineProjection(timeline));
    }

    @AfterEach
    void tearDown() {
        axon.close();
        mongo.close();
    }

    private SequencedDeadLetterQueue<EventMessage<?>> deadLetters() {
        return axon.config
                .eventProcessingConfiguration()
                .deadLetterQueue(TimelineProjection.GROUP)
                .orElseThrow();
    }

    private static OpportunityHistory story(String title) {
        OpportunityHistory story = anOpportunity();
        story.titled(title).worth("1000", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-06T09:00:00Z"));
        return story;
    }

    @Test
    void anEventTheStoreCannotHoldIsDeadLetteredAndTheOthersGoOn() {
        OpportunityHistory before = story("before");
        OpportunityHistory tooLarge = story("t".repeat(9 * 1024 * 1024));
        OpportunityHistory after = story("after");
        axon.append(before);
        axon.append(tooLarge);
        axon.append(after);

        await(() -> timeline.version(before.id().toString()).orElse(-1L) == 1
                && timeline.version(after.id().toString()).orElse(-1L) == 1
                && deadLetters().size() == 2);
        assertThat(deadLetters().amountOfSequences()).isEqualTo(1);
        assertThat(deadLetters().contains(tooLarge.id().toString())).isTrue();
        assertThat(timeline.version(tooLarge.id().toString())).isEmpty();
        assertThat(timeline.entries(after.id().toString())).hasSize(2);
        // the letter of the too-large event (itself over the store's document limit) is kept without its payload:
        // its identity, position and cause stay; the small event after it is parked whole
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        deadLetters().deadLetterSequence(tooLarge.id().toString()).forEach(letters::add);
        assertThat(letters).hasSize(2);
        DeadLetter<? extends EventMessage<?>> first = letters.get(0);
        assertThat(first.diagnostics()).containsEntry("payloadOmitted", true);
        assertThat(first.message()).isInstanceOfSatisfying(DomainEventMessage.class, event -> {
            assertThat(event.getAggregateIdentifier()).isEqualTo(tooLarge.id().toString());
            assertThat(event.getSequenceNumber()).isZero();
            assertThat(event.getPayload().toString())
                    .contains("OpportunityCreated")
                    .contains("omitted");
        });
        assertThat(first.message()).isInstanceOf(TrackedEventMessage.class);
        assertThat(first.cause()).isPresent();
        assertThat(letters.get(1).diagnostics()).doesNotContainKey("payloadOmitted");
        assertThat(letters.get(1).message().getPayloadType().getSimpleName()).isEqualTo("ContactLogged");
    }
}
