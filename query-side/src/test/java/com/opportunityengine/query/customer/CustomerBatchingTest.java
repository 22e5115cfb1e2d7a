package com.opportunityengine.query.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.query.support.Batches;
import com.opportunityengine.testing.EmbeddedMongo;
import com.opportunityengine.testing.Sequenced;
import java.time.Instant;
import java.util.List;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Customer behaviour and the customer directory fed in processor batches leave the documents they leave event by event. */
class CustomerBatchingTest {

    private final EmbeddedMongo mongo = new EmbeddedMongo();

    @AfterEach
    void stop() {
        mongo.close();
    }

    @Test
    void behaviourHandledInBatchesLeavesTheSameDocumentsAsEventByEvent() {
        List<Sequenced> log = Batches.log(19L, 40, Batches.richStories(8));
        List<String> expected = Batches.assertBatchesLeaveWhatOneByOneLeaves(
                mongo,
                log,
                database -> new CustomerBehaviorProjection(new CustomerOpportunityStore(database))::on,
                CustomerOpportunityStore.COLLECTION);
        assertThat(expected).as("the comparison saw documents").isNotEmpty();
    }

    @Test
    void aCustomerRegisteredAndUpdatedInOneBatchIsUpdatedOnceAndOnlyOnce() {
        CustomerId customer = CustomerId.random();
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        CustomerRegistered registered = new CustomerRegistered(
                customer, "ACME", "ACME Ltd", "Retail", "East", "M", "buyer@acme.example", null, at);
        CustomerUpdated renamed = new CustomerUpdated(customer, "ACME Group", null, null, "West", null, null, null, at);
        List<EventMessage<?>> batch =
                List.of(message(registered, 0), message(renamed, 1), message(registered, 0), message(renamed, 1));
        MongoDatabase oneByOne = mongo.database("one-by-one");
        CustomerDirectoryProjection direct = new CustomerDirectoryProjection(new CustomerDirectoryStore(oneByOne));
        direct.on(registered, 0L);
        direct.on(renamed, 1L);
        MongoDatabase batched = mongo.database("one-batch");
        CustomerDirectoryProjection projection = new CustomerDirectoryProjection(new CustomerDirectoryStore(batched));

        Batches.inOneBatch(batch, (event, sequence) -> {
            if (event instanceof CustomerRegistered e) {
                projection.on(e, sequence);
            } else {
                projection.on((CustomerUpdated) event, sequence);
            }
        });

        assertThat(Batches.dump(batched, CustomerDirectoryStore.COLLECTION))
                .isEqualTo(Batches.dump(oneByOne, CustomerDirectoryStore.COLLECTION))
                .hasSize(1)
                .allMatch(d -> d.contains("ACME Group") && d.contains("West") && d.contains("ACME Ltd"));
    }

    private static EventMessage<?> message(Object event, long sequence) {
        return new GenericDomainEventMessage<>("Customer", "c", sequence, event);
    }
}
