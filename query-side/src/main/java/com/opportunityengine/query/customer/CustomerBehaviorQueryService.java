package com.opportunityengine.query.customer;

import com.opportunityengine.query.opportunity.VisibleOpportunities;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.security.AccessScope;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Computes how a customer behaves from its opportunities' records, when asked, over what the reader sees. */
@Service
class CustomerBehaviorQueryService {

    private final CustomerDirectoryStore directory;
    private final CustomerOpportunityStore opportunities;
    private final VisibleOpportunities visible;

    CustomerBehaviorQueryService(
            CustomerDirectoryStore directory, CustomerOpportunityStore opportunities, VisibleOpportunities visible) {
        this.directory = directory;
        this.opportunities = opportunities;
        this.visible = visible;
    }

    /** 404 when the id is neither a customer the directory knows nor on any opportunity. */
    CustomerBehavior behavior(String customerId, AccessScope scope) {
        Optional<RegisteredCustomer> customer = directory.find(customerId);
        List<CustomerOpportunityState> all = opportunities.ofCustomer(customerId);
        if (customer.isEmpty() && all.isEmpty()) {
            throw QueryProblems.notFound("customer", customerId);
        }
        // a rep or manager: computed over the customer's opportunities they see, and only those
        Set<String> visibleIds = visible.ids(scope);
        List<CustomerOpportunityState> found = visibleIds == null
                ? all
                : all.stream()
                        .filter(state -> visibleIds.contains(state.opportunityId))
                        .toList();
        return CustomerBehaviorCalculator.compute(
                customerId, customer.map(RegisteredCustomer::name).orElse(null), found);
    }
}
