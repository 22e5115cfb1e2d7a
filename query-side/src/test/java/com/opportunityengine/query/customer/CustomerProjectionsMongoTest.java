package com.opportunityengine.query.customer;

import static com.opportunityengine.testing.OpportunityHistory.anOpportunityOf;
import static com.opportunityengine.testing.OpportunityHistory.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.query.opportunity.OpportunityViewStore;
import com.opportunityengine.query.opportunity.VisibleOpportunities;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserAuthentication;
import com.opportunityengine.security.UserDirectory;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.OpportunityHistory;
import com.opportunityengine.testing.Sequenced;
import java.time.Instant;
import java.util.Set;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.ErrorResponseException;

/** The customer directory and customer behaviour against MongoDB. */
class CustomerProjectionsMongoTest {

    private static EmbeddedMongo mongo;
    private MongoDatabase database;
    private CustomerDirectoryStore directory;
    private CustomerDirectoryProjection directoryProjection;
    private CustomerBehaviorProjection behaviorProjection;
    private CustomerBehaviorController controller;
    private final CustomerId customer = CustomerId.random();

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
        database = mongo.database("customers");
        directory = new CustomerDirectoryStore(database);
        directoryProjection = new CustomerDirectoryProjection(directory);
        CustomerOpportunityStore opportunities = new CustomerOpportunityStore(database);
        behaviorProjection = new CustomerBehaviorProjection(opportunities);
        controller = new CustomerBehaviorController(
                new CustomerBehaviorQueryService(
                        directory, opportunities, new VisibleOpportunities(new OpportunityViewStore(database))),
                new CurrentUser(new UserDirectory(database)));
        // an analyst sees every opportunity (reps and managers are filtered: VisibleOpportunities, deploy's SecurityIT)
        SecurityContextHolder.getContext()
                .setAuthentication(new UserAuthentication(
                        new User("analyst", "Analyst", Set.of(Role.ANALYST), null, Instant.EPOCH)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    private void feed(OpportunityHistory story) {
        for (Sequenced s : story.sequenced()) {
            behaviorProjection.on(s.event(), s.sequence());
        }
    }

    @Test
    void keepsTheLatestNameAndIgnoresARepeatedOrOlderEvent() {
        Instant at = at("2026-01-01T00:00:00Z");
        CustomerRegistered registered = new CustomerRegistered(
                customer, "ACME", "ACME Ltd", "Retail", "East", "M", "buyer@acme.example", null, at);
        CustomerUpdated renamed = new CustomerUpdated(customer, "ACME Group", null, null, null, null, null, null, at);
        directoryProjection.on(registered, 0L);
        directoryProjection.on(renamed, 1L);
        directoryProjection.on(registered, 0L);
        directoryProjection.on(renamed, 1L);

        assertThat(directory.names(java.util.List.of(
                        customer.toString(), CustomerId.random().toString())))
                .containsExactly(java.util.Map.entry(customer.toString(), "ACME Group"));
        assertThat(directory.find(customer.toString()).orElseThrow().name()).isEqualTo("ACME Group");
        Document stored = database.getCollection(CustomerDirectoryStore.COLLECTION)
                .find(new Document("_id", customer.toString()))
                .first();
        assertThat(stored.getString("company")).isEqualTo("ACME Ltd");
        assertThat(stored).doesNotContainKey("email");
    }

    /**
     * A customer's records are read by the ids its index document lists, not by a query on {@code customerId},
     * which the embedded store answers by scanning the records of every customer.
     */
    @Test
    void aCustomersOpportunitiesAreReadByTheIdsItsIndexLists() {
        OpportunityHistory first = anOpportunityOf(customer);
        first.titled("A").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-01T00:00:00Z"));
        OpportunityHistory second = anOpportunityOf(customer);
        second.titled("B").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-02T00:00:00Z"));
        second.lost("price", "rival", at("2026-01-05T00:00:00Z"));
        feed(first);
        feed(second);
        feed(second);

        Document index = database.getCollection(CustomerOpportunityStore.BY_CUSTOMER)
                .find(new Document("_id", customer.toString()))
                .first();
        assertThat(index.getList("opportunities", Document.class))
                .extracting(entry -> entry.getString("opportunityId"))
                .containsExactly(first.id().toString(), second.id().toString());
        // a query by customer would no longer find the first one
        database.getCollection(CustomerOpportunityStore.COLLECTION)
                .updateOne(
                        new Document("_id", first.id().toString()),
                        new Document("$set", new Document("customerId", "somewhere-else")));

        assertThat(controller.behavior(customer.toString()).opportunities())
                .isEqualTo(new OpportunityCounts(2, 1, 0, 1));
    }

    @Test
    void answersBehaviourFromTheStoredOpportunities() {
        directoryProjection.on(
                new CustomerRegistered(
                        customer, "ACME", null, null, null, null, null, null, at("2026-01-01T00:00:00Z")),
                0L);
        OpportunityHistory won = anOpportunityOf(customer);
        won.titled("A").worth("100", "CNY").ownedBy("li.wei").created(at("2026-01-01T00:00:00Z"));
        won.contacted(ContactChannel.CALL, ContactDirection.OUTBOUND, at("2026-01-02T00:00:00Z"));
        won.contacted(ContactChannel.VISIT, ContactDirection.OUTBOUND, at("2026-01-04T00:00:00Z"));
        won.convertedTo(DealId.random(), at("2026-01-06T00:00:00Z"));
        feed(won);
        feed(won);

        CustomerBehavior behavior = controller.behavior(customer.toString());

        assertThat(behavior.name()).isEqualTo("ACME");
        assertThat(behavior.opportunities()).isEqualTo(new OpportunityCounts(1, 0, 1, 0));
        assertThat(behavior.winRate()).isEqualTo(1.0);
        assertThat(behavior.contacts().total()).isEqualTo(2);
        assertThat(behavior.medianDaysBetweenContacts()).isEqualTo(2.0);
        assertThat(behavior.avgCycleDays()).isEqualTo(5.0);
        assertThat(behavior.lastActivityAt()).isEqualTo(at("2026-01-06T00:00:00Z"));
    }

    @Test
    void anUnknownCustomerIs404AndAMalformedId400() {
        assertThatThrownBy(() -> controller.behavior(CustomerId.random().toString()))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
        assertThatThrownBy(() -> controller.behavior("nope"))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(400));
    }
}
