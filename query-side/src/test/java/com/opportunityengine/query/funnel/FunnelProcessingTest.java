package com.opportunityengine.query.funnel;

import static com.opportunityengine.query.support.AxonHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.query.support.AxonHarness;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The funnel run by a real pooled streaming processor (batches of 10, one segment): when the flush at the
 * end of a batch fails, the batch's token is not stored and the processor handles the batch again. The
 * tokens are in axon-mongo's token store, as in the engine, which writes the moment it is asked to.
 */
class FunnelProcessingTest {

    private static final String[] COLLECTIONS = {
        MongoFunnelStore.STATES, MongoFunnelStore.DELTAS, MongoFunnelStore.LISTS, MongoFunnelStore.META
    };

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("funnel-processing");
    // the engine's token store: not part of the unit of work, stored the moment the processor stores it
    private final Serializer serializer = JacksonSerializer.defaultSerializer();
    private final TokenStore tokens = MongoTokenStore.builder()
            .mongoTemplate(
                    DefaultMongoTemplate.builder().mongoDatabase(database).build())
            .serializer(serializer)
            .build();
    private final RefusedFlush refused = new RefusedFlush(database, serializer);
    private AxonHarness axon;

    /**
     * In the funnel's group: when it first meets the target opportunity's events it stages a write the server
     * refuses, so that the batch's flush fails; it notes the stored token each time it meets them.
     */
    @ProcessingGroup(FunnelProjection.NAME)
    static class RefusedFlush {
        static final String REFUSED = "qv_test_refused";
        final BatchedWrites writes;
        final MongoCollection<Document> tokens;
        final Serializer serializer;
        final AtomicBoolean armed = new AtomicBoolean(true);
        final List<TrackingToken> storedWhenMet = new CopyOnWriteArrayList<>();
        final List<TrackingToken> targetTokens = new CopyOnWriteArrayList<>();
        volatile OpportunityId target;

        RefusedFlush(MongoDatabase database, Serializer serializer) {
            this.writes = new BatchedWrites(database, REFUSED);
            this.tokens = database.getCollection("trackingtokens");
            this.serializer = serializer;
            database.getCollection(REFUSED).insertOne(new Document("_id", "text").append("n", "not a number"));
        }

        @EventHandler
        void on(OpportunityEvent event, TrackingToken token) {
            if (event instanceof OpportunityCreated && event.opportunityId().equals(target)) {
                targetTokens.add(token);
                storedWhenMet.add(stored());
                if (armed.getAndSet(false)) {
                    writes.write(new Changes().inc(REFUSED, "text", "n", 1L));
                }
            }
        }

        /** The token stored for the one segment, read without claiming it. */
        private TrackingToken stored() {
            Document entry = tokens.find(new Document("processorName", FunnelProjection.NAME).append("segment", 0))
                    .first();
            if (entry == null || entry.get("token") == null) {
                return null;
            }
            byte[] token = entry.get("token", org.bson.types.Binary.class).getData();
            return serializer.deserialize(
                    new SimpleSerializedObject<>(token, byte[].class, entry.getString("tokenType"), null));
        }
    }

    @AfterEach
    void stop() {
        if (axon != null) {
            axon.close();
        }
        mongo.close();
    }

    @Test
    void aBatchWhoseFlushFailsIsHandledAgainFromTheTokenBeforeIt() {
        OpportunityHistory[] stories = Batches.richStories(4);
        refused.target = stories[2].id();
        axon = new AxonHarness(
                database,
                new QueryProperties(Duration.ofSeconds(1), 1, 10, "qv_dead_letters", 1000),
                tokens,
                Set.of(FunnelProjection.NAME),
                refused,
                new FunnelProjection(new MongoFunnelStore(database)));
        List<Sequenced> all = new ArrayList<>();
        for (OpportunityHistory story : stories) {
            axon.append(story);
            all.addAll(story.sequenced());
        }
        MongoDatabase reference = mongo.database("one-by-one");
        Batches.oneByOne(all, new FunnelProjection(new MongoFunnelStore(reference))::on);
        List<String> expected = Batches.dump(reference, COLLECTIONS);

        await(() -> refused.storedWhenMet.size() >= 2
                && Batches.dump(database, COLLECTIONS).equals(expected));

        // the failed batch held the target's creation; when it was met again the stored token still preceded it
        TrackingToken target = refused.targetTokens.get(0);
        TrackingToken atRetry = refused.storedWhenMet.get(1);
        assertThat(atRetry == null || !atRetry.covers(target))
                .as("token %s at the retry, target %s", atRetry, target)
                .isTrue();
        assertThat(refused.targetTokens).hasSize(2).allMatch(target::equals);
        assertThat(axon.config
                        .eventProcessingConfiguration()
                        .deadLetterQueue(FunnelProjection.NAME)
                        .orElseThrow()
                        .size())
                .isZero();
    }
}
