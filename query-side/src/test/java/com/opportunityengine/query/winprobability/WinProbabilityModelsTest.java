package com.opportunityengine.query.winprobability;

import static com.opportunityengine.query.winprobability.Leads.createdAt;
import static com.opportunityengine.testing.OpportunityHistory.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.support.AxonHarness;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The win-probability read model and its projection: business-time order from any log order, idempotence, restart. */
class WinProbabilityModelsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private EmbeddedMongo mongo;
    private MongoDatabase database;

    @BeforeEach
    void setUp() {
        mongo = new EmbeddedMongo();
        database = mongo.database("wp");
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private WinProbabilityModels models() {
        return new WinProbabilityModels(
                new BusinessTimeLogStore(database),
                new OpportunityOutcomeStore(database),
                PipelineCatalog.defaultOnly(),
                WinProbabilitySettings.DEFAULTS,
                CLOCK);
    }

    /** Recent live traffic first, then an import of old history: the log order a real engine sees. */
    private static List<OpportunityHistory> histories() {
        List<OpportunityHistory> live = List.of(
                createdAt(1, 300).movedTo(2, day(305)).movedTo(4, day(320)).won(day(330)),
                createdAt(1, 301).movedTo(3, day(310)).lost(day(340)),
                createdAt(2, 302).movedTo(3, day(311)));
        List<OpportunityHistory> imported = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            OpportunityHistory h = createdAt(1, i * 7).movedTo(2, day(i * 7 + 3));
            if (i % 3 == 0) {
                h.movedTo(4, day(i * 7 + 10)).won(day(i * 7 + 20));
            } else if (i % 3 == 1) {
                h.lost(day(i * 7 + 15))
                        .reopened(day(i * 7 + 16))
                        .movedTo(1, day(i * 7 + 17))
                        .lost(day(i * 7 + 30));
            }
            imported.add(h);
        }
        List<OpportunityHistory> all = new ArrayList<>(live);
        all.addAll(imported);
        return all;
    }

    private static List<OpportunityEvent> recordOrder(List<OpportunityHistory> histories) {
        List<OpportunityEvent> out = new ArrayList<>();
        histories.forEach(h -> out.addAll(h.events()));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<OpportunityEvent> businessOrder(List<OpportunityHistory> histories) {
        return OpportunityHistory.inBusinessOrder(histories);
    }

    private static void feed(WinProbabilityModels models, List<OpportunityEvent> events) {
        Map<Object, Long> sequences = new HashMap<>();
        for (OpportunityEvent e : events) {
            long seq = sequences.merge(e.opportunityId(), 1L, Long::sum) - 1;
            models.record(e, seq);
        }
    }

    @Test
    void lateOldHistoryIsLearnedInBusinessTimeOrder() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels models = models();
        feed(models, recordOrder(histories));

        WinProbabilityLearner expected = WinProbabilityLearner.forDefaultPipeline();
        businessOrder(histories).forEach(expected::apply);

        WinProbabilityModel actual =
                models.read(l -> l.model(PipelineId.DEFAULT)).orElseThrow();
        WinProbabilityModel wanted = expected.model(PipelineId.DEFAULT).orElseThrow();
        assertThat(actual.stages()).isEqualTo(wanted.stages());
        assertThat(actual.eventsReplayed()).isEqualTo(wanted.eventsReplayed());
        assertThat(actual.trainedAt()).isEqualTo(day(340));
        OpportunityHistory open = histories.get(2);
        assertThat(models.read(l -> l.score(open.id(), day(350))).orElseThrow().probability())
                .isEqualTo(expected.score(open.id(), day(350)).orElseThrow().probability());
    }

    @Test
    void inOrderEventsAreLearnedWithoutARebuildAndRedeliveryChangesNothing() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels models = models();
        List<OpportunityEvent> ordered = businessOrder(histories);
        feed(models, ordered.subList(0, 10));
        models.read(l -> l.eventsReplayed());
        feed(models, ordered);
        feed(models, ordered);
        assertThat((long) models.read(l -> l.eventsReplayed())).isEqualTo(ordered.size());
        assertThat(models.rebuilds()).isEqualTo(1);
    }

    @Test
    void aNodeThatDoesNotHoldTheSegmentAnswersWithWhatTheHoldingNodeFiled() {
        List<OpportunityHistory> histories = histories();
        List<OpportunityEvent> ordered = businessOrder(histories);
        WinProbabilityModels holder = models();
        WinProbabilityModels other = models(); // another query node on the same read models
        feed(holder, ordered.subList(0, 10));
        holder.publish();
        assertThat((long) other.read(l -> l.eventsReplayed())).isEqualTo(10);

        feed(holder, ordered.subList(10, ordered.size()));
        holder.publish();
        assertThat((long) other.read(l -> l.eventsReplayed()))
                .as("the other node reads the log again once the holder published a new revision")
                .isEqualTo(ordered.size());
        assertThat((long) holder.read(l -> l.eventsReplayed())).isEqualTo(ordered.size());
        assertThat(holder.rebuilds())
                .as("the holder was fed directly and needs no rebuild for its own revisions")
                .isEqualTo(1);
        assertThat(other.read(l -> l.model(PipelineId.DEFAULT)).orElseThrow().stages())
                .isEqualTo(holder.read(l -> l.model(PipelineId.DEFAULT))
                        .orElseThrow()
                        .stages());
    }

    @Test
    void aRestartRebuildsTheSameModelFromTheStoredLog() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels first = models();
        feed(first, recordOrder(histories));
        WinProbabilityModel before =
                first.read(l -> l.model(PipelineId.DEFAULT)).orElseThrow();

        WinProbabilityModel after =
                models().read(l -> l.model(PipelineId.DEFAULT)).orElseThrow();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void asOfUsesOnlyWhatHadHappenedByThen() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels models = models();
        feed(models, recordOrder(histories));
        Instant asOf = day(40);
        WinProbabilityLearner expected = WinProbabilityLearner.trainedAsOf(
                businessOrder(histories), asOf, PipelineCatalog.defaultOnly()::find, WinProbabilitySettings.DEFAULTS);
        assertThat(models.asOf(asOf).model(PipelineId.DEFAULT)).isEqualTo(expected.model(PipelineId.DEFAULT));
        assertThat(models.asOf(asOf).eventsReplayed()).isLessThan((long) models.read(l -> l.eventsReplayed()));
    }

    @Test
    void outcomesFollowCloseAndReopenAndResetForgetsEverything() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels models = models();
        feed(models, recordOrder(histories));
        assertThat(models.outcome(histories.get(0).id()).orElseThrow().status()).isEqualTo("WON");
        assertThat(models.outcome(histories.get(1).id()).orElseThrow().status()).isEqualTo("LOST");
        assertThat(models.outcome(histories.get(2).id()).orElseThrow().status()).isEqualTo("OPEN");
        assertThat(models.current(histories.get(2).id().toString())).isPresent();
        assertThat(models.current(histories.get(0).id().toString())).isEmpty();

        models.reset();
        assertThat(models.outcome(histories.get(0).id())).isEmpty();
        assertThat((long) models.read(l -> l.eventsReplayed())).isZero();
        assertThat(database.getCollection(BusinessTimeLogStore.SECONDS).countDocuments())
                .isZero();
    }

    @Test
    void theProjectionRunsOnARealProcessorAndFeedsTheModel() {
        List<OpportunityHistory> histories = histories();
        WinProbabilityModels models = models();
        List<OpportunityEvent> events = recordOrder(histories);
        try (AxonHarness axon = new AxonHarness(
                database, Set.of(WinProbabilityProjection.GROUP), new WinProbabilityProjection(models))) {
            Map<Object, Long> sequences = new HashMap<>();
            List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
            for (OpportunityEvent e : events) {
                long seq = sequences.merge(e.opportunityId(), 1L, Long::sum) - 1;
                messages.add(new GenericDomainEventMessage<>(
                        "Opportunity", e.opportunityId().toString(), seq, e));
            }
            axon.config.eventStore().publish(messages);
            AxonHarness.await(() -> models.read(l -> l.eventsReplayed()) == events.size());
        }
        WinProbabilityLearner expected = WinProbabilityLearner.forDefaultPipeline();
        businessOrder(histories).forEach(expected::apply);
        assertThat(models.read(l -> l.model(PipelineId.DEFAULT)).orElseThrow().stages())
                .isEqualTo(expected.model(PipelineId.DEFAULT).orElseThrow().stages());
    }
}
