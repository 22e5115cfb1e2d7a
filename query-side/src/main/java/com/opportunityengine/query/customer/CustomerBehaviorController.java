package com.opportunityengine.query.customer;

import com.opportunityengine.store.ReadModels;
import java.util.List;
import java.util.Optional;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import org.bson.Document;
import com.opportunityengine.query.readmodel.VisibleOpportunities;
import com.opportunityengine.security.CurrentUser;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** How a customer behaves across its opportunities (for a rep or manager: the ones they see). */
@RestController
class CustomerBehaviorController {

    private final CustomerOpportunityRepository opportunities;
    private final CustomerDirectory directory;
    private final CurrentUser currentUser;
    private final VisibleOpportunities visible;

    CustomerBehaviorController(@ReadModels MongoDatabase database, CustomerDirectory directory, CurrentUser currentUser,
                               VisibleOpportunities visible) {
        this.opportunities = new CustomerOpportunityRepository(database);
        this.directory = directory;
        this.currentUser = currentUser;
        this.visible = visible;
    }

    @GetMapping("/api/customers/{id}/behavior")
    CustomerBehavior behavior(@PathVariable("id") String id) {
        String customerId = QueryParams.uuid("id", id).toString();
        Optional<Document> customer = directory.find(customerId);
        List<CustomerOpportunityState> all = opportunities.ofCustomer(customerId);
        if (customer.isEmpty() && all.isEmpty()) {
            throw QueryProblems.notFound("customer", customerId);
        }
        // a rep or manager: computed over the customer's opportunities they see, and only those
        Set<String> visibleIds = visible.ids(currentUser.scope());
        List<CustomerOpportunityState> found = visibleIds == null ? all
                : all.stream().filter(state -> visibleIds.contains(state.opportunityId)).toList();
        return CustomerBehaviorCalculator.compute(customerId,
                customer.map(c -> c.getString("name")).orElse(null), found);
    }
}
