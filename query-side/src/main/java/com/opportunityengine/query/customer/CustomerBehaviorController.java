package com.opportunityengine.query.customer;

import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** How a customer behaves across its opportunities. */
@RestController
class CustomerBehaviorController {

    private final CustomerOpportunityRepository opportunities;
    private final CustomerDirectory directory;

    CustomerBehaviorController(MongoDatabase database, CustomerDirectory directory) {
        this.opportunities = new CustomerOpportunityRepository(database);
        this.directory = directory;
    }

    @GetMapping("/api/customers/{id}/behavior")
    CustomerBehavior behavior(@PathVariable("id") String id) {
        String customerId = QueryParams.uuid("id", id).toString();
        Optional<Document> customer = directory.find(customerId);
        List<CustomerOpportunityState> found = opportunities.ofCustomer(customerId);
        if (customer.isEmpty() && found.isEmpty()) {
            throw QueryProblems.notFound("customer", customerId);
        }
        return CustomerBehaviorCalculator.compute(customerId,
                customer.map(c -> c.getString("name")).orElse(null), found);
    }
}
