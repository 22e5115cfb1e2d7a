package com.opportunityengine.query.customer;

import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.security.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** How a customer behaves across its opportunities (for a rep or manager: the ones they see). */
@RestController
class CustomerBehaviorController {

    private final CustomerBehaviorQueryService service;
    private final CurrentUser currentUser;

    CustomerBehaviorController(CustomerBehaviorQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/customers/{id}/behavior")
    CustomerBehavior behavior(@PathVariable("id") String id) {
        String customerId = QueryParams.uuid("id", id).toString();
        return service.behavior(customerId, currentUser.scope());
    }
}
