package com.opportunityengine.query.customer;

import com.opportunityengine.store.ReadModels;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.query.readmodel.BatchedWrites;
import com.opportunityengine.query.readmodel.Changes;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The registered customers ({@code qv_customers}: id, name, company, industry, region, size and the
 * last applied version), kept by {@link CustomerDirectoryProjection}; other views ask it for names
 * when they answer a query.
 */
@Component
public class CustomerDirectory {

    static final String COLLECTION = "qv_customers";

    private final MongoCollection<Document> customers;
    private final BatchedWrites writes;

    public CustomerDirectory(@ReadModels MongoDatabase database) {
        this.customers = database.getCollection(COLLECTION);
        this.writes = new BatchedWrites(database, COLLECTION);
    }

    /** The names of those of the given customers that are registered. */
    public Map<String, String> names(Collection<String> customerIds) {
        Map<String, String> names = new HashMap<>();
        if (customerIds.isEmpty()) {
            return names;
        }
        customers.find(Filters.in("_id", customerIds))
                .forEach(document -> names.put(document.getString("_id"), document.getString("name")));
        return names;
    }

    /** The customer as stored, or as the current batch has left it. */
    Optional<Document> find(String customerId) {
        return writes.find(COLLECTION, customerId);
    }

    void save(Document customer) {
        writes.write(new Changes().replace(COLLECTION, customer.getString("_id"), customer));
    }

    void clear() {
        writes.clear();
    }
}
