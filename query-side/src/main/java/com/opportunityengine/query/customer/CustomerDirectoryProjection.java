package com.opportunityengine.query.customer;

import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.bson.Document;
import org.springframework.stereotype.Component;

import static com.opportunityengine.query.readmodel.Documents.instant;

/** Keeps {@code qv_customers}: who the customers are (no e-mail or phone: views need only names). */
@Component
@ProcessingGroup(CustomerDirectoryProjection.GROUP)
class CustomerDirectoryProjection {

    static final String GROUP = "customers";

    private final CustomerDirectory directory;

    CustomerDirectoryProjection(CustomerDirectory directory) {
        this.directory = directory;
    }

    @EventHandler
    void on(CustomerRegistered event, @SequenceNumber Long sequence) {
        String id = event.customerId().toString();
        if (directory.find(id).map(existing -> applied(existing, sequence)).orElse(false)) {
            return;
        }
        directory.save(new Document("_id", id)
                .append("name", event.name())
                .append("company", event.company())
                .append("industry", event.industry())
                .append("region", event.region())
                .append("size", event.size())
                .append("registeredAt", instant(event.occurredAt()))
                .append("version", sequence));
    }

    @EventHandler
    void on(CustomerUpdated event, @SequenceNumber Long sequence) {
        String id = event.customerId().toString();
        Document customer = directory.find(id).orElseGet(() -> new Document("_id", id));
        if (applied(customer, sequence)) {
            return;
        }
        setIfPresent(customer, "name", event.name());
        setIfPresent(customer, "company", event.company());
        setIfPresent(customer, "industry", event.industry());
        setIfPresent(customer, "region", event.region());
        setIfPresent(customer, "size", event.size());
        customer.put("version", sequence);
        directory.save(customer);
    }

    @ResetHandler
    void reset() {
        directory.clear();
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
