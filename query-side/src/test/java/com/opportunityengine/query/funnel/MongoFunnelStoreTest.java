package com.opportunityengine.query.funnel;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.RandomHistories;
import com.opportunityengine.testing.Sequenced;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The funnel store through the real driver against the embedded server. */
class MongoFunnelStoreTest {

    private final EmbeddedMongo mongo = new EmbeddedMongo();
    private final MongoDatabase database = mongo.database("funnel-test");
    private final MongoFunnelStore store = new MongoFunnelStore(database);
    private final FunnelProjection projection = new FunnelProjection(store);
    private final FunnelQueryService funnel = new FunnelQueryService(PipelineCatalog.defaultOnly(), store);

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void aStateSurvivesTheRoundTrip() {
        OpportunityHistory h = anOpportunity(7)
                .ownedBy("a.b@c")
                .from("trade $how")
                .created(at("2026-01-01T00:00:00.123456789Z"))
                .movedTo(3, at("2026-01-02T00:00:00Z"))
                .movedTo(2, at("2026-01-03T00:00:00Z"))
                .lost(at("2026-01-04T00:00:00Z"));
        FunnelState expected = new FunnelState();
        List<OpportunityEvent> events = h.events();
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), i);
            expected = FunnelFold.apply(expected, events.get(i));
        }
        StoredState stored = store.state(h.id().toString()).orElseThrow();
        assertThat(stored.sequence()).isEqualTo(3);
        assertThat(stored.state().contribution()).isEqualTo(expected.contribution());
        assertThat(stored.state().createdAt).isEqualTo(Instant.parse("2026-01-01T00:00:00.123456789Z"));
        assertThat(funnel.sum("default", null, null, "a.b@c", "trade $how", null))
                .isEqualTo(expected.contribution());
        assertThat(funnel.sum("default", null, null, "a.b@c", "trade", null).isEmpty())
                .isTrue();
    }

    @Test
    void anAsOfInsideADayIsExactToTheNanosecond() {
        feed(anOpportunity(1)
                .created(at("2026-02-03T15:30:00.000000500Z"))
                .movedTo(2, at("2026-02-03T15:30:00.000000900Z")));

        assertThat(funnel.sum("default", null, null, null, null, Instant.parse("2026-02-03T15:30:00.000000499Z"))
                        .isEmpty())
                .isTrue();
        Counters created =
                funnel.sum("default", null, null, null, null, Instant.parse("2026-02-03T15:30:00.000000500Z"));
        assertThat(created.get(FunnelCounter.CREATED)).isEqualTo(1);
        assertThat(created.get(FunnelCounter.highest(1))).isEqualTo(1);
        Counters moved = funnel.sum("default", null, null, null, null, Instant.parse("2026-02-03T15:30:00.000000899Z"));
        assertThat(moved.get(FunnelCounter.highest(2))).isZero();
    }

    @Test
    void theMongoStoreAnswersWhatTheInMemoryOneAnswers() {
        Random random = new Random(99L);
        List<OpportunityHistory> histories = RandomHistories.generate(random, 60);
        FunnelStore memory = new InMemoryFunnelStore();
        FunnelProjection reference = new FunnelProjection(memory);
        FunnelQueryService referenceFunnel = new FunnelQueryService(PipelineCatalog.defaultOnly(), memory);
        for (Sequenced s : RandomHistories.interleaved(random, histories)) {
            projection.on(s.event(), s.sequence());
            projection.on(s.event(), s.sequence()); // delivered twice
            reference.on(s.event(), s.sequence());
        }
        int nonEmpty = 0;
        for (int i = 0; i < 60; i++) {
            Instant asOf = i % 3 == 0 ? null : RandomHistories.START.plusSeconds(random.nextInt(200 * 86_400));
            LocalDate from = i % 2 == 0 ? null : LocalDate.parse("2025-11-01").plusDays(random.nextInt(100));
            LocalDate to = i % 5 == 0 ? null : LocalDate.parse("2026-01-01").plusDays(random.nextInt(100));
            String owner = i % 4 == 0 ? "bob" : null;
            String source = i % 3 == 1 ? RandomHistories.SOURCES[i % 2] : null; // one source, or every one summed
            Counters expected = referenceFunnel.sum("default", from, to, owner, source, asOf);
            assertThat(funnel.sum("default", from, to, owner, source, asOf)).isEqualTo(expected);
            assertThat(FunnelProjectionPropertyTest.naive(histories, from, to, owner, source, asOf))
                    .isEqualTo(expected);
            if (!expected.isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(nonEmpty).isGreaterThan(20);
    }

    @Test
    void clearEmptiesTheReadModel() {
        feed(anOpportunity(1).created(at("2026-01-01T00:00:00Z")));
        store.clear();
        assertThat(store.meta("default")).isEmpty();
        assertThat(store.state(anOpportunity(1).id().toString())).isEmpty();
        assertThat(funnel.sum("default", null, null, null, null, null).isEmpty())
                .isTrue();
    }

    /** A busy hour: every list holds one second's entries, and an asOf inside the hour is still exact. */
    @Test
    void noListGrowsWithTheEventsOfABusyHour() {
        Instant start = Instant.parse("2026-03-05T14:00:00Z");
        for (int i = 0; i < 600; i++) {
            Instant at = start.plusMillis(i * 5_000L + 1);
            feed(anOpportunity(1_000 + i).created(at).movedTo(2, at.plusMillis(500)));
        }
        var lists = database.getCollection(MongoFunnelStore.LISTS);
        int longest = 0;
        for (org.bson.Document list : lists.find()) {
            longest =
                    Math.max(longest, list.getList("e", org.bson.Document.class).size());
        }
        // one opportunity per 5 s, each with a create and a move inside the same second, in two cohort units
        assertThat(longest).isLessThanOrEqualTo(2 * 2);
        Instant asOf = Instant.parse("2026-03-05T14:37:12.200Z");
        long createdBefore = java.util.stream.IntStream.range(0, 600)
                .filter(i -> !start.plusMillis(i * 5_000L + 1).isAfter(asOf))
                .count();
        long movedBefore = java.util.stream.IntStream.range(0, 600)
                .filter(i -> !start.plusMillis(i * 5_000L + 501).isAfter(asOf))
                .count();
        Counters sum = funnel.sum("default", null, null, null, null, asOf);
        assertThat(sum.get(FunnelCounter.CREATED)).isEqualTo(createdBefore);
        assertThat(sum.get(FunnelCounter.highest(2))).isEqualTo(movedBefore);
    }

    private void feed(OpportunityHistory h) {
        List<OpportunityEvent> events = h.events();
        for (int i = 0; i < events.size(); i++) {
            projection.on(events.get(i), i);
        }
    }
}
