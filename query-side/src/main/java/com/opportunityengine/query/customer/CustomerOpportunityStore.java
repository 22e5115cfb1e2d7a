package com.opportunityengine.query.customer;

import static com.opportunityengine.query.store.Documents.instant;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/** Stores {@code qv_customer_opportunities}: per opportunity what customer behaviour needs, indexed by customer. */
@Component
class CustomerOpportunityStore {

    static final String COLLECTION = "qv_customer_opportunities";
    /**
     * Per customer ({@code _id}) the ids of its opportunities ({@code opportunities: [{opportunityId}]}), pushed when
     * an opportunity is created: a customer's records are read by key ({@code _id $in}), never by a query on
     * {@code customerId}, which the embedded store (it ignores non-unique indexes) answers by scanning every record.
     */
    static final String BY_CUSTOMER = "qv_customer_opportunity_ids";

    private static final int KEYS_PER_READ = 500;

    private final MongoCollection<Document> opportunities;
    private final MongoCollection<Document> byCustomer;
    private final BatchedWrites writes;

    CustomerOpportunityStore(@ReadModels MongoDatabase database) {
        this.opportunities = database.getCollection(COLLECTION);
        this.byCustomer = database.getCollection(BY_CUSTOMER);
        this.writes = new BatchedWrites(database, COLLECTION, BY_CUSTOMER);
        createIndexes();
    }

    private void createIndexes() {
        opportunities.createIndex(Indexes.ascending("customerId"));
    }

    void clear() {
        writes.clear();
    }

    /** The record as stored, or as the current batch has left it. */
    Optional<CustomerOpportunityState> find(String opportunityId) {
        return writes.find(COLLECTION, opportunityId).map(CustomerOpportunityStore::fromDocument);
    }

    List<CustomerOpportunityState> ofCustomer(String customerId) {
        List<CustomerOpportunityState> found = new ArrayList<>();
        Document index = byCustomer.find(Filters.eq("_id", customerId)).first();
        if (index == null) {
            // no opportunity of this customer, or a read model built before the index existed (until 2026-12-04)
            opportunities.find(Filters.eq("customerId", customerId)).forEach(d -> found.add(fromDocument(d)));
            return found;
        }
        // a repeated batch may have pushed an id twice
        List<String> ids = index.getList("opportunities", Document.class, List.of()).stream()
                .map(entry -> entry.getString("opportunityId"))
                .distinct()
                .toList();
        for (int from = 0; from < ids.size(); from += KEYS_PER_READ) {
            opportunities
                    .find(Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + KEYS_PER_READ))))
                    .forEach(d -> found.add(fromDocument(d)));
        }
        return found;
    }

    void save(CustomerOpportunityState state) {
        List<Document> contacts = new ArrayList<>();
        state.contacts.forEach(c -> contacts.add(new Document("contactId", c.contactId())
                .append("occurredAt", instant(c.occurredAt()))
                .append("channel", c.channel().name())
                .append("direction", c.direction().name())));
        Document document = new Document("_id", state.opportunityId)
                .append("customerId", state.customerId)
                .append("status", state.status.name())
                .append("createdAt", instant(state.createdAt))
                .append("closedAt", instant(state.closedAt))
                .append("lastActivityAt", instant(state.lastActivityAt))
                .append("contacts", contacts)
                .append("version", state.version);
        Changes changes = new Changes().replace(COLLECTION, state.opportunityId, document);
        if (state.createdNow && state.customerId != null) {
            changes.push(
                    BY_CUSTOMER,
                    state.customerId,
                    "opportunities",
                    List.of(new Document("opportunityId", state.opportunityId)));
        }
        writes.write(changes);
    }

    private static CustomerOpportunityState fromDocument(Document document) {
        CustomerOpportunityState state = new CustomerOpportunityState();
        state.opportunityId = document.getString("_id");
        state.customerId = document.getString("customerId");
        state.status = OpportunityStatus.valueOf(document.getString("status"));
        state.createdAt = instant(document.getString("createdAt"));
        state.closedAt = instant(document.getString("closedAt"));
        state.lastActivityAt = instant(document.getString("lastActivityAt"));
        for (Document c : document.getList("contacts", Document.class, List.of())) {
            state.contacts.add(new ContactRecord(
                    c.getString("contactId"),
                    instant(c.getString("occurredAt")),
                    ContactChannel.valueOf(c.getString("channel")),
                    ContactDirection.valueOf(c.getString("direction"))));
        }
        state.version = ((Number) document.get("version")).longValue();
        return state;
    }
}
