package com.opportunityengine.query.opportunity;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunity;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStopReason;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.events.email.SequenceUnenrolled;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.query.web.SortOrder;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opportunity view and timeline projections against MongoDB (embedded server, real driver). */
class OpportunityProjectionsMongoTest {

    private static EmbeddedMongo mongo;
    private MongoDatabase database;
    private OpportunityViewProjection views;
    private TimelineProjection timelines;
    private OpportunityViewStore viewStore;
    private TimelineStore timelineStore;

    @BeforeAll
    static void startMongo() {
        mongo = new EmbeddedMongo();
    }

    @AfterAll
    static void stopMongo() {
        mongo.close();
    }

    @BeforeEach
    void setUp() {
        database = mongo.database("views");
        views = new OpportunityViewProjection(new OpportunityViewStore(database));
        timelines = new TimelineProjection(new TimelineStore(database));
        viewStore = new OpportunityViewStore(database);
        timelineStore = new TimelineStore(database);
    }

    private void feed(OpportunityHistory story) {
        for (Sequenced s : story.sequenced()) {
            views.on(s.event(), s.sequence());
            timelines.on(s.event(), s.sequence());
        }
    }

    private List<Document> dump(String collection) {
        return database.getCollection(collection)
                .find()
                .sort(new Document("_id", 1))
                .into(new ArrayList<>());
    }

    private OpportunityHistory erp() {
        OpportunityHistory story = anOpportunity();
        TaskId task = TaskId.random();
        story.titled("ERP rollout").worth("125000.00", "CNY").ownedBy("li.wei").created(at("2026-01-05T09:00:00Z"));
        story.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-06T09:00:00Z"));
        story.followUpScheduled(task, "li.wei", at("2026-01-09T09:00:00Z"), at("2026-01-06T09:30:00Z"));
        story.movedTo(3, null, at("2026-01-07T09:00:00Z"));
        // recorded later, happened earlier: the timeline orders by business time
        story.contacted(ContactChannel.EMAIL, ContactDirection.INBOUND, at("2026-01-05T12:00:00Z"));
        story.movedTo(2, "scope unclear", at("2026-01-08T09:00:00Z"));
        story.followUpCompleted(task, at("2026-01-08T10:00:00Z"));
        return story;
    }

    @Test
    void deliveringTheWholeStreamTwiceChangesNothing() {
        OpportunityHistory story = erp();
        feed(story);
        List<Document> viewsOnce = dump(OpportunityViewStore.COLLECTION);
        List<Document> timelineOnce = dump(TimelineStore.ENTRIES);
        List<Document> headsOnce = dump(TimelineStore.HEADS);

        feed(story);

        assertThat(dump(OpportunityViewStore.COLLECTION)).isEqualTo(viewsOnce);
        assertThat(dump(TimelineStore.ENTRIES)).isEqualTo(timelineOnce).hasSize(7);
        assertThat(dump(TimelineStore.HEADS)).isEqualTo(headsOnce);
        assertThat(viewStore.find(story.id().toString()).orElseThrow().version).isEqualTo(6);
    }

    @Test
    void sequenceEventsMoveTheViewsVersionOnOnceAndAreTimelineEntries() {
        OpportunityHistory story = erp();
        feed(story);
        Document before = dump(OpportunityViewStore.COLLECTION).get(0);
        SequenceId sequence = SequenceId.of("5e000000-0000-4000-8000-000000000001");
        var enrolled = new SequenceEnrolled(story.id(), sequence, at("2026-01-09T09:00:00Z"));
        var unenrolled = new SequenceUnenrolled(story.id(), sequence, at("2026-01-09T10:00:00Z"));
        var stopped = new SequenceStopped(story.id(), sequence, SequenceStopReason.REPLIED, at("2026-01-09T11:00:00Z"));
        for (int twice = 0; twice < 2; twice++) {
            views.on(enrolled, 7L);
            timelines.on(enrolled, 7L);
            views.on(unenrolled, 8L);
            timelines.on(unenrolled, 8L);
            views.on(stopped, 9L);
            timelines.on(stopped, 9L);
        }

        OpportunityViewState view = viewStore.find(story.id().toString()).orElseThrow();
        assertThat(view.version).isEqualTo(9);
        assertThat(view.title).isEqualTo(before.getString("title"));
        List<TimelineEntry> entries = timelineStore.entries(story.id().toString());
        assertThat(entries).hasSize(10);
        assertThat(entries.subList(7, 10))
                .extracting(TimelineEntry::type)
                .containsExactly("SEQUENCE_ENROLLED", "SEQUENCE_UNENROLLED", "SEQUENCE_STOPPED");
        assertThat(entries.get(9).summary()).isEqualTo("Email sequence " + sequence + " stopped: REPLIED");
        assertThat(entries.get(9).details())
                .containsEntry("sequenceId", sequence.toString())
                .containsEntry("reason", "REPLIED");
        assertThat(timelineStore.version(story.id().toString())).contains(9L);
    }

    @Test
    void theTimelineIsInBusinessTimeOrderThenSequence() {
        OpportunityHistory story = erp();
        feed(story);

        List<TimelineEntry> entries = timelineStore.entries(story.id().toString());

        assertThat(entries).extracting(TimelineEntry::sequence).containsExactly(0L, 4L, 1L, 2L, 3L, 5L, 6L);
        assertThat(entries)
                .extracting(TimelineEntry::type)
                .containsExactly(
                        "CREATED",
                        "CONTACT",
                        "CONTACT",
                        "TASK_SCHEDULED",
                        "STAGE_CHANGED",
                        "STAGE_CHANGED",
                        "TASK_COMPLETED");
        assertThat(entries.get(5).details()).containsEntry("direction", "BACKWARD");
        assertThat(timelineStore.version(story.id().toString())).contains(6L);
    }

    /**
     * The timeline is read by key (the entries' ids over the head's sequences), not by a query on
     * {@code opportunityId}, which the embedded store answers by scanning every entry of the log.
     */
    @Test
    void theTimelineIsReadByTheEntriesKeysNotByAScanOfEveryOpportunitysEntries() {
        OpportunityHistory story = erp();
        feed(story);
        String id = story.id().toString();
        // a query by opportunity id would no longer find this entry
        database.getCollection(TimelineStore.ENTRIES)
                .updateOne(
                        new Document("_id", id + ":4"),
                        new Document("$set", new Document("opportunityId", "somewhere-else")));

        assertThat(timelineStore.entries(id))
                .extracting(TimelineEntry::sequence)
                .containsExactly(0L, 4L, 1L, 2L, 3L, 5L, 6L);
        assertThat(timelineStore.entries("no-such-opportunity")).isEmpty();
    }

    @Test
    void aReplayAfterResetGivesTheSameViews() {
        OpportunityHistory story = erp();
        OpportunityHistory other = anOpportunity();
        other.titled("CRM").worth("9000", "CNY").ownedBy("wang.fang").created(at("2026-02-01T09:00:00Z"));
        other.lost("budget", "rival", at("2026-02-03T09:00:00Z"));
        feed(story);
        feed(other);
        List<Document> before = dump(OpportunityViewStore.COLLECTION);
        List<Document> timelineBefore = dump(TimelineStore.ENTRIES);

        views.reset();
        timelines.reset();
        assertThat(dump(OpportunityViewStore.COLLECTION)).isEmpty();
        assertThat(dump(TimelineStore.ENTRIES)).isEmpty();
        feed(story);
        feed(other);

        assertThat(dump(OpportunityViewStore.COLLECTION)).isEqualTo(before);
        assertThat(dump(TimelineStore.ENTRIES)).isEqualTo(timelineBefore);
    }

    @Test
    void searchesByOwnerStageStatusCustomerAndTextWithPagingAndSort() {
        OpportunityHistory erp = erp();
        OpportunityHistory crm = anOpportunity();
        crm.titled("CRM upgrade").worth("9000", "CNY").ownedBy("wang.fang").created(at("2026-02-01T09:00:00Z"));
        crm.lost("budget", "rival", at("2026-02-03T09:00:00Z"));
        OpportunityHistory hr = anOpportunity();
        hr.titled("HR suite (phase 2)").worth("5000", "CNY").ownedBy("li.wei").created(at("2026-03-01T09:00:00Z"));
        feed(erp);
        feed(crm);
        feed(hr);
        SortOrder newest = new SortOrder("createdAt", false);

        assertThat(ids(viewStore.search(new OpportunityCriteria("li.wei", null, null, null, null), 0, 10, newest)))
                .containsExactly(hr.id().toString(), erp.id().toString());
        assertThat(ids(viewStore.search(
                        new OpportunityCriteria(null, "needs-confirmed", null, null, null), 0, 10, newest)))
                .containsExactly(erp.id().toString());
        assertThat(ids(viewStore.search(
                        new OpportunityCriteria(null, null, OpportunityStatus.LOST, null, null), 0, 10, newest)))
                .containsExactly(crm.id().toString());
        assertThat(ids(viewStore.search(
                        new OpportunityCriteria(
                                null, null, null, crm.customerId().toString(), null),
                        0,
                        10,
                        newest)))
                .containsExactly(crm.id().toString());
        assertThat(ids(viewStore.search(new OpportunityCriteria(null, null, null, null, "crm UP"), 0, 10, newest)))
                .containsExactly(crm.id().toString());
        // regex characters are taken literally; the description ("about ...") is searched too
        assertThat(ids(viewStore.search(new OpportunityCriteria(null, null, null, null, "(phase 2)"), 0, 10, newest)))
                .containsExactly(hr.id().toString());
        assertThat(ids(viewStore.search(new OpportunityCriteria(null, null, null, null, "ABOUT erp"), 0, 10, newest)))
                .containsExactly(erp.id().toString());

        OpportunityPage firstPage = viewStore.search(
                new OpportunityCriteria(null, null, null, null, null), 0, 2, new SortOrder("createdAt", true));
        OpportunityPage secondPage = viewStore.search(
                new OpportunityCriteria(null, null, null, null, null), 1, 2, new SortOrder("createdAt", true));
        assertThat(ids(firstPage)).containsExactly(erp.id().toString(), crm.id().toString());
        assertThat(ids(secondPage)).containsExactly(hr.id().toString());
        assertThat(firstPage.total()).isEqualTo(3);
        assertThat(ids(viewStore.search(
                        new OpportunityCriteria(null, null, null, null, null), 0, 10, new SortOrder("title", true))))
                .containsExactly(
                        crm.id().toString(), erp.id().toString(), hr.id().toString());
    }

    private static List<String> ids(OpportunityPage page) {
        return page.items().stream().map(v -> v.opportunityId).toList();
    }
}
