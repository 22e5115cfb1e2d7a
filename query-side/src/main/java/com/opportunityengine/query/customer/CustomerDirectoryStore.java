package com.opportunityengine.query.customer;

import static com.opportunityengine.query.store.Documents.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.query.opportunity.CustomerNames;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The registered customers ({@code qv_customers}: id, name, company, industry, region, size, registered at and the
 * last applied version), kept by {@link CustomerDirectoryProjection}, idempotent by the customer's sequence; other
 * views ask it for names when they answer a query. Public so that other features' tests can build it by hand.
 */
@Component
public class CustomerDirectoryStore implements CustomerNames {

    static final String COLLECTION = "qv_customers";

    private final MongoCollection<Document> customers;
    private final BatchedWrites writes;

    public CustomerDirectoryStore(@ReadModels MongoDatabase database) {
        this.customers = database.getCollection(COLLECTION);
        this.writes = new BatchedWrites(database, COLLECTION);
    }

    @Override
    public Map<String, String> names(Collection<String> customerIds) {
        Map<String, String> names = new HashMap<>();
        if (customerIds.isEmpty()) {
            return names;
        }
        customers
                .find(Filters.in("_id", customerIds))
                .forEach(document -> names.put(document.getString("_id"), document.getString("name")));
        return names;
    }

    /** The customer as stored, or as the current batch has left it. */
    Optional<RegisteredCustomer> find(String customerId) {
        return writes.find(COLLECTION, customerId)
                .map(document -> new RegisteredCustomer(customerId, document.getString("name")));
    }

    /** Files a registration, unless the customer's document has applied this sequence already. */
    void register(CustomerRegistered event, long sequence) {
        String id = event.customerId().toString();
        if (writes.find(COLLECTION, id)
                .map(existing -> applied(existing, sequence))
                .orElse(false)) {
            return;
        }
        save(new Document("_id", id)
                .append("name", event.name())
                .append("company", event.company())
                .append("industry", event.industry())
                .append("region", event.region())
                .append("size", event.size())
                .append("registeredAt", instant(event.occurredAt()))
                .append("version", sequence));
    }

    /** Files the changed fields of an update (only those), unless this sequence has been applied already. */
    void update(CustomerUpdated event, long sequence) {
        String id = event.customerId().toString();
        Document customer = writes.find(COLLECTION, id).orElseGet(() -> new Document("_id", id));
        if (applied(customer, sequence)) {
            return;
        }
        setIfPresent(customer, "name", event.name());
        setIfPresent(customer, "company", event.company());
        setIfPresent(customer, "industry", event.industry());
        setIfPresent(customer, "region", event.region());
        setIfPresent(customer, "size", event.size());
        customer.put("version", sequence);
        save(customer);
    }

    void clear() {
        writes.clear();
    }

    private void save(Document customer) {
        writes.write(new Changes().replace(COLLECTION, customer.getString("_id"), customer));
    }

    private static boolean applied(Document customer, long sequence) {
        Object version = customer.get("version");
        return version != null && ((Number) version).longValue() >= sequence;
    }

    private static void setIfPresent(Document customer, String field, String value) {
        if (value != null) {
            customer.put(field, value);
        }
    }
}
