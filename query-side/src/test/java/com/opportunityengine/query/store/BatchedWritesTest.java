package com.opportunityengine.query.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Staging a batch's writes and flushing them at its end, against the embedded server through the real driver. */
class BatchedWritesTest {

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("batched-writes");
    private final BatchedWrites writes = new BatchedWrites(database, "docs", "sums");

    @AfterEach
    void stop() {
        mongo.close();
    }

    private static List<EventMessage<?>> events(String... payloads) {
        List<EventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            messages.add(new GenericDomainEventMessage<>("Test", "a", i, payloads[i]));
        }
        return messages;
    }

    private long stored(String collection) {
        return database.getCollection(collection).countDocuments();
    }

    private Document doc(String collection, String id) {
        return database.getCollection(collection).find(new Document("_id", id)).first();
    }

    @Test
    void theWritesOfABatchReachMongoOnlyOnceItsLastEventIsHandled() {
        List<Long> storedWhileHandling = new ArrayList<>();
        Batches.inOneBatch(events("x", "y", "z"), (payload, sequence) -> {
            storedWhileHandling.add(stored("docs"));
            writes.write(new Changes().replace("docs", (String) payload, new Document("_id", payload)));
        });

        assertThat(storedWhileHandling).containsExactly(0L, 0L, 0L);
        assertThat(stored("docs")).isEqualTo(3);
    }

    @Test
    void anEventReadsWhatAnEarlierEventOfItsBatchReplaced() {
        Batches.inOneBatch(events("1", "2", "3"), (payload, sequence) -> {
            long before = writes.find("docs", "a").map(d -> d.getLong("n")).orElse(0L);
            writes.write(new Changes().replace("docs", "a", new Document("_id", "a").append("n", before + 1)));
        });

        assertThat(doc("docs", "a").getLong("n")).isEqualTo(3);
    }

    /** The first read in a batch fetches every aggregate of the batch at once; the others come from that. */
    @Test
    void aBatchReadsItsAggregatesDocumentsWithOneLookUp() {
        for (String id : List.of("a", "b", "c")) {
            database.getCollection("docs").insertOne(new Document("_id", id).append("n", 10L));
        }
        List<EventMessage<?>> messages = new ArrayList<>();
        for (String id : List.of("a", "b", "c", "d")) {
            messages.add(new GenericDomainEventMessage<>("Test", id, 0, id));
        }
        List<Long> seen = new ArrayList<>();
        Batches.inOneBatch(messages, (payload, sequence) -> {
            String id = (String) payload;
            seen.add(writes.find("docs", id).map(d -> d.getLong("n")).orElse(-1L));
            if (id.equals("a")) {
                // gone from the store after the batch's first read: b and c were read with it
                database.getCollection("docs").deleteMany(new Document("_id", new Document("$in", List.of("b", "c"))));
            }
        });

        assertThat(seen).containsExactly(10L, 10L, 10L, -1L);
        assertThat(writes.find("docs", "b"))
                .as("outside a batch: the store itself")
                .isEmpty();
    }

    @Test
    void coalescedUpdatesLeaveTheSameDocumentsAsTheUpdatesOneByOne() {
        BiConsumer<Object, Long> updates = (payload, sequence) -> {
            long i = sequence;
            writes.write(new Changes()
                    .inc("sums", "s", "c.*.n", i % 2 == 0 ? 1L : -1L) // sums to zero: the field must still exist
                    .inc(
                            "sums",
                            "s",
                            "c.x" + i % 3 + ".amount",
                            new Decimal128(new java.math.BigDecimal("1.50").negate()))
                    .push("sums", "list", "e", List.of(new Document("i", i)))
                    .min("sums", "meta", "lo", "2026-01-0" + (5 - i % 4))
                    .max("sums", "meta", "hi", "2026-01-0" + (1 + i % 4)));
        };
        List<EventMessage<?>> six = events("0", "1", "2", "3", "4", "5");
        six.forEach(m -> updates.accept(m.getPayload(), (long) six.indexOf(m)));
        List<String> oneByOne = Batches.dump(database, "sums");
        database.getCollection("sums").drop();

        Batches.inOneBatch(six, updates);

        assertThat(Batches.dump(database, "sums")).isEqualTo(oneByOne);
        assertThat(doc("sums", "s")
                        .get("c", Document.class)
                        .get("*", Document.class)
                        .getLong("n"))
                .isZero();
    }

    @Test
    void outsideABatchEveryWriteGoesStraightToMongo() {
        writes.write(new Changes().replace("docs", "none", new Document("_id", "none")));
        assertThat(stored("docs")).isEqualTo(1);

        // a dead-letter retry handles its letter in a unit of work of its own
        DefaultUnitOfWork<EventMessage<?>> retry =
                DefaultUnitOfWork.startAndGet(events("retry").get(0));
        retry.execute(() -> {
            writes.write(new Changes().replace("docs", "retry", new Document("_id", "retry")));
            assertThat(stored("docs")).isEqualTo(2);
        });
        assertThat(retry.isRolledBack()).isFalse();
    }

    @Test
    void aFlushThatFailsFailsTheBatchBeforeItsTokenIsStored() {
        database.getCollection("docs").insertOne(new Document("_id", "text").append("n", "not a number"));
        List<EventMessage<?>> messages = events("ok", "bad");
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(messages);
        AtomicBoolean tokenStored = new AtomicBoolean();
        // as the pooled processor does: the token is stored in a prepare-commit handler registered first
        batch.onPrepareCommit(u -> tokenStored.set(true));

        ResultMessage<?> result = batch.executeWithResult(
                () -> new DefaultInterceptorChain<>(batch, List.of(new FlushAtEndOfBatch()), message -> {
                            String payload = (String) message.getPayload();
                            Changes changes = new Changes().inc("sums", payload, "n", 1L);
                            if (payload.equals("bad")) {
                                changes.inc("docs", "text", "n", 1L); // the server refuses it when the batch is flushed
                            }
                            writes.write(changes);
                            return null;
                        })
                        .proceed(),
                RollbackConfigurationType.ANY_THROWABLE);

        assertThat(result.isExceptional()).isTrue();
        assertThat(batch.isRolledBack()).isTrue();
        assertThat(tokenStored).isFalse();
        assertThat(stored("sums")).isZero(); // flushed after "docs", which failed
    }

    @Test
    void clearingDuringABatchDropsWhatTheBatchHadStaged() {
        Batches.inOneBatch(events("write", "clear", "write again"), (payload, sequence) -> {
            if (payload.equals("clear")) {
                writes.clear();
            } else {
                writes.write(new Changes()
                        .replace("docs", (String) payload, new Document("_id", payload))
                        .inc("sums", "s", "n", 1L));
            }
        });

        assertThat(Batches.dump(database, "docs", "sums"))
                .containsExactly("docs {\"_id\": \"write again\"}", "sums {\"_id\": \"s\", \"n\": 1}");
    }
}
