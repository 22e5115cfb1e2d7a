package com.opportunityengine.query.support;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.query.store.FlushAtEndOfBatch;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import com.opportunityengine.testing.SyntheticHistories;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.bson.Document;

/**
 * Delivering events to projections the way a processor does: several in one {@code BatchingUnitOfWork},
 * through {@link FlushAtEndOfBatch}, so their writes are staged and flushed at the batch's end; and the
 * documents of read models, for comparing two deliveries field order included.
 */
public final class Batches {

    private Batches() {}

    /**
     * Hands the messages to the handler (payload and aggregate sequence) in one batching unit of work, as a
     * pooled processor does; throws what the unit of work failed with.
     */
    public static void inOneBatch(List<? extends EventMessage<?>> messages, BiConsumer<Object, Long> handler) {
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(new ArrayList<>(messages));
        ResultMessage<?> result = batch.executeWithResult(
                () -> new DefaultInterceptorChain<>(batch, List.of(new FlushAtEndOfBatch()), message -> {
                            handler.accept(message.getPayload(), ((DomainEventMessage<?>) message).getSequenceNumber());
                            return null;
                        })
                        .proceed(),
                RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException("the batch failed", result.exceptionResult());
        }
    }

    /** The log cut into batches of {@code size} events, each delivered in one unit of work. */
    public static void inBatches(List<Sequenced> log, int size, BiConsumer<OpportunityEvent, Long> handler) {
        for (int from = 0; from < log.size(); from += size) {
            inOneBatch(
                    messages(log.subList(from, Math.min(log.size(), from + size))),
                    (event, sequence) -> handler.accept((OpportunityEvent) event, sequence));
        }
    }

    /**
     * Feeds the log to a fresh projection event by event and to fresh ones in batches of 7 and of 1000, each
     * in its own database, asserts that every batched run leaves the same documents, and returns them.
     */
    public static List<String> assertBatchesLeaveWhatOneByOneLeaves(
            EmbeddedMongo mongo,
            List<Sequenced> log,
            java.util.function.Function<MongoDatabase, BiConsumer<OpportunityEvent, Long>> projection,
            String... collections) {
        MongoDatabase oneByOne = mongo.database("one-by-one");
        oneByOne(log, projection.apply(oneByOne));
        List<String> expected = dump(oneByOne, collections);
        for (int size : new int[] {7, 1000}) {
            MongoDatabase batched = mongo.database("batches-of-" + size);
            inBatches(log, size, projection.apply(batched));
            org.assertj.core.api.Assertions.assertThat(dump(batched, collections))
                    .as("batches of %d", size)
                    .isEqualTo(expected);
        }
        return expected;
    }

    /** The log delivered event by event, with no unit of work, as unit tests call handlers. */
    public static void oneByOne(List<Sequenced> log, BiConsumer<OpportunityEvent, Long> handler) {
        log.forEach(s -> handler.accept(s.event(), s.sequence()));
    }

    public static List<EventMessage<?>> messages(List<Sequenced> log) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (Sequenced s : log) {
            messages.add(new GenericDomainEventMessage<>(
                    "Opportunity", s.event().opportunityId().toString(), s.sequence(), s.event()));
        }
        return messages;
    }

    /**
     * A log of {@code synthetic} realistic histories (a year of business time) and the given stories,
     * interleaved at random with each opportunity's events in order, and one event in ten delivered twice
     * (the repeat a few places later).
     */
    public static List<Sequenced> log(long seed, int synthetic, OpportunityHistory... stories) {
        Map<OpportunityId, List<Sequenced>> streams = new LinkedHashMap<>();
        Instant to = Instant.parse("2026-01-01T00:00:00Z");
        for (OpportunityEvent event :
                SyntheticHistories.generate(seed, synthetic, to.minusSeconds(365L * 86_400), to)) {
            List<Sequenced> stream = streams.computeIfAbsent(event.opportunityId(), id -> new ArrayList<>());
            stream.add(new Sequenced(event, stream.size()));
        }
        for (OpportunityHistory story : stories) {
            streams.put(story.id(), story.sequenced());
        }
        Random random = new Random(seed);
        List<List<Sequenced>> pending =
                new ArrayList<>(streams.values().stream().map(ArrayList::new).toList());
        List<Sequenced> log = new ArrayList<>();
        while (!pending.isEmpty()) {
            int pick = random.nextInt(pending.size());
            log.add(pending.get(pick).remove(0));
            if (pending.get(pick).isEmpty()) {
                pending.remove(pick);
            }
        }
        for (int i = log.size() - 1; i >= 0; i--) {
            if (random.nextInt(10) == 0) {
                log.add(Math.min(log.size(), i + 1 + random.nextInt(5)), log.get(i));
            }
        }
        return log;
    }

    /**
     * Stories of two customers using every kind of event: tasks scheduled and completed, owner and team
     * changes, documents, details, contacts out of business-time order, losses, reopenings and wins.
     */
    public static OpportunityHistory[] richStories(int count) {
        CustomerId[] customers = {CustomerId.random(), CustomerId.random()};
        OpportunityHistory[] stories = new OpportunityHistory[count];
        for (int i = 0; i < count; i++) {
            OpportunityHistory story = OpportunityHistory.anOpportunityOf(customers[i % 2]);
            Instant day = Instant.parse("2026-02-01T09:00:00Z").plusSeconds(86_400L * i);
            TaskId first = TaskId.random();
            TaskId second = TaskId.random();
            story.titled("deal " + i)
                    .worth((1000 + i) + ".50", "CNY")
                    .ownedBy("owner" + i % 3)
                    .created(day);
            story.followUpScheduled(first, "li.wei", day.plusSeconds(3 * 86_400), day.plusSeconds(600));
            story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, day.plusSeconds(3_600));
            story.movedTo(2 + i % 3, null, day.plusSeconds(86_400));
            story.joinedBy("ana", "engineer", day.plusSeconds(90_000));
            story.followUpScheduled(second, "ana", day.plusSeconds(-86_400), day.plusSeconds(95_000));
            story.followUpCompleted(first, day.plusSeconds(100_000));
            story.contacted(ContactChannel.EMAIL, ContactDirection.INBOUND, day.plusSeconds(1_800));
            story.detailsChanged("deal " + i + " (revised)", (2000 + i) + ".25", day.plusSeconds(110_000));
            story.reassignedTo("owner" + (i + 1) % 3, day.plusSeconds(120_000));
            story.documentLinked("offer-" + i, day.plusSeconds(130_000));
            story.movedTo(1, "scope unclear", day.plusSeconds(140_000));
            if (i % 3 == 0) {
                story.lost("price", "rival", day.plusSeconds(150_000));
                story.reopened(2, day.plusSeconds(160_000));
            }
            story.leftBy("ana", day.plusSeconds(170_000));
            if (i % 2 == 0) {
                story.convertedTo(DealId.random(), day.plusSeconds(180_000));
            } else if (i % 3 != 0) {
                story.lost("timing", "rival", day.plusSeconds(180_000));
            }
            stories[i] = story;
        }
        return stories;
    }

    /** Every document of the collections in {@code _id} order, as JSON: values and field order. */
    public static List<String> dump(MongoDatabase database, String... collections) {
        List<String> documents = new ArrayList<>();
        for (String collection : collections) {
            database.getCollection(collection)
                    .find()
                    .sort(new Document("_id", 1))
                    .forEach(d -> documents.add(collection + " " + d.toJson()));
        }
        return documents;
    }
}
