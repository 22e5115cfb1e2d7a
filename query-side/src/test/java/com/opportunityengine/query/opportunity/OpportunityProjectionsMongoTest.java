package com.opportunityengine.query.opportunity;

import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.query.support.EmbeddedMongo;
import com.opportunityengine.query.support.OpportunityStory;
import com.opportunityengine.query.support.Sequenced;
import com.opportunityengine.query.web.SortOrder;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.opportunityengine.query.support.OpportunityStory.anOpportunity;
import static com.opportunityengine.query.support.OpportunityStory.at;
import static org.assertj.core.api.Assertions.assertThat;

/** The opportunity view and timeline projections against MongoDB (embedded server, real driver). */
class OpportunityProjectionsMongoTest {

    private static EmbeddedMongo mongo;
    private MongoDatabase database;
    private OpportunityViewProjection views;
    private TimelineProjection timelines;
    private OpportunityViewRepository viewRepository;
    private TimelineRepository timelineRepository;

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
        views = new OpportunityViewProjection(database);
        timelines = new TimelineProjection(database);
        viewRepository = new OpportunityViewRepository(database);
        timelineRepository = new TimelineRepository(database);
    }

    private void feed(OpportunityStory story) {
        for (Sequenced s : story.events()) {
            views.on(s.event(), s.sequence());
            timelines.on(s.event(), s.sequence());
        }
    }

    private List<Document> dump(String collection) {
        return database.getCollection(collection).find().sort(new Document("_id", 1)).into(new ArrayList<>());
    }

    private OpportunityStory erp() {
        OpportunityStory story = anOpportunity();
        TaskId task = TaskId.random();
        story.created("ERP rollout", "125000.00", "li.wei", at("2026-01-05T09:00:00Z"));
        story.contact(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-06T09:00:00Z"));
        story.task(task, "li.wei", at("2026-01-09T09:00:00Z"), at("2026-01-06T09:30:00Z"));
        story.movedTo(3, null, at("2026-01-07T09:00:00Z"));
        // recorded later, happened earlier: the timeline orders by business time
        story.contact(ContactChannel.EMAIL, ContactDirection.INBOUND, at("2026-01-05T12:00:00Z"));
        story.movedTo(2, "scope unclear", at("2026-01-08T09:00:00Z"));
        story.completed(task, at("2026-01-08T10:00:00Z"));
        return story;
    }

    @Test
    void deliveringTheWholeStreamTwiceChangesNothing() {
        OpportunityStory story = erp();
        feed(story);
        List<Document> viewsOnce = dump(OpportunityViewRepository.COLLECTION);
        List<Document> timelineOnce = dump(TimelineRepository.ENTRIES);
        List<Document> headsOnce = dump(TimelineRepository.HEADS);

        feed(story);

        assertThat(dump(OpportunityViewRepository.COLLECTION)).isEqualTo(viewsOnce);
        assertThat(dump(TimelineRepository.ENTRIES)).isEqualTo(timelineOnce).hasSize(7);
        assertThat(dump(TimelineRepository.HEADS)).isEqualTo(headsOnce);
        assertThat(viewRepository.find(story.id.toString()).orElseThrow().version).isEqualTo(6);
    }

    @Test
    void theTimelineIsInBusinessTimeOrderThenSequence() {
        OpportunityStory story = erp();
        feed(story);

        List<TimelineEntry> entries = timelineRepository.entries(story.id.toString());

        assertThat(entries).extracting(TimelineEntry::sequence).containsExactly(0L, 4L, 1L, 2L, 3L, 5L, 6L);
        assertThat(entries).extracting(TimelineEntry::type).containsExactly("CREATED", "CONTACT", "CONTACT",
                "TASK_SCHEDULED", "STAGE_CHANGED", "STAGE_CHANGED", "TASK_COMPLETED");
        assertThat(entries.get(5).details()).containsEntry("direction", "BACKWARD");
        assertThat(timelineRepository.version(story.id.toString())).contains(6L);
    }

    @Test
    void aReplayAfterResetGivesTheSameViews() {
        OpportunityStory story = erp();
        OpportunityStory other = anOpportunity();
        other.created("CRM", "9000", "wang.fang", at("2026-02-01T09:00:00Z"));
        other.lost("budget", at("2026-02-03T09:00:00Z"));
        feed(story);
        feed(other);
        List<Document> before = dump(OpportunityViewRepository.COLLECTION);
        List<Document> timelineBefore = dump(TimelineRepository.ENTRIES);

        views.reset();
        timelines.reset();
        assertThat(dump(OpportunityViewRepository.COLLECTION)).isEmpty();
        assertThat(dump(TimelineRepository.ENTRIES)).isEmpty();
        feed(story);
        feed(other);

        assertThat(dump(OpportunityViewRepository.COLLECTION)).isEqualTo(before);
        assertThat(dump(TimelineRepository.ENTRIES)).isEqualTo(timelineBefore);
    }

    @Test
    void searchesByOwnerStageStatusCustomerAndTextWithPagingAndSort() {
        OpportunityStory erp = erp();
        OpportunityStory crm = anOpportunity();
        crm.created("CRM upgrade", "9000", "wang.fang", at("2026-02-01T09:00:00Z"));
        crm.lost("budget", at("2026-02-03T09:00:00Z"));
        OpportunityStory hr = anOpportunity();
        hr.created("HR suite (phase 2)", "5000", "li.wei", at("2026-03-01T09:00:00Z"));
        feed(erp);
        feed(crm);
        feed(hr);
        SortOrder newest = new SortOrder("createdAt", false);

        assertThat(ids(viewRepository.search(new OpportunityCriteria("li.wei", null, null, null, null), 0, 10, newest)))
                .containsExactly(hr.id.toString(), erp.id.toString());
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, "needs-confirmed", null, null, null), 0, 10, newest)))
                .containsExactly(erp.id.toString());
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, OpportunityStatus.LOST, null, null), 0, 10, newest)))
                .containsExactly(crm.id.toString());
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, null, crm.customerId.toString(), null), 0, 10, newest)))
                .containsExactly(crm.id.toString());
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, null, null, "crm UP"), 0, 10, newest)))
                .containsExactly(crm.id.toString());
        // regex characters are taken literally; the description ("about ...") is searched too
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, null, null, "(phase 2)"), 0, 10, newest)))
                .containsExactly(hr.id.toString());
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, null, null, "ABOUT erp"), 0, 10, newest)))
                .containsExactly(erp.id.toString());

        OpportunityPage firstPage = viewRepository.search(new OpportunityCriteria(null, null, null, null, null), 0, 2,
                new SortOrder("createdAt", true));
        OpportunityPage secondPage = viewRepository.search(new OpportunityCriteria(null, null, null, null, null), 1, 2,
                new SortOrder("createdAt", true));
        assertThat(ids(firstPage)).containsExactly(erp.id.toString(), crm.id.toString());
        assertThat(ids(secondPage)).containsExactly(hr.id.toString());
        assertThat(firstPage.total()).isEqualTo(3);
        assertThat(ids(viewRepository.search(new OpportunityCriteria(null, null, null, null, null), 0, 10,
                new SortOrder("title", true)))).containsExactly(crm.id.toString(), erp.id.toString(), hr.id.toString());
    }

    private static List<String> ids(OpportunityPage page) {
        return page.items().stream().map(v -> v.opportunityId).toList();
    }
}
