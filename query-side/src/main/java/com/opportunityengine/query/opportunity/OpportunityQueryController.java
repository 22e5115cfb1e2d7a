package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.query.web.SortOrder;
import com.opportunityengine.security.CurrentUser;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The opportunity views: one by id (optionally waiting for a version) and pages of them, each restricted to what
 * the reader sees (a rep or manager: owner and team). Maps the request to a query of {@link OpportunityQueryService}.
 */
@RestController
@RequestMapping("/api/opportunities")
class OpportunityQueryController {

    private static final SortOrder NEWEST_FIRST = new SortOrder("createdAt", false);

    private final OpportunityQueryService service;
    private final CurrentUser currentUser;

    OpportunityQueryController(OpportunityQueryService service, CurrentUser currentUser) {
        this.service = service;
        this.currentUser = currentUser;
    }

    @GetMapping("/{id}")
    ResponseEntity<OpportunityView> get(
            @PathVariable("id") String id, @RequestParam(name = "minVersion", required = false) Long minVersion) {
        String opportunityId = QueryParams.uuid("id", id).toString();
        if (minVersion != null && minVersion < 0) {
            throw QueryProblems.badParameter("minVersion", "must be 0 or more");
        }
        OpportunityView view = service.find(opportunityId, minVersion, currentUser.scope());
        return ResponseEntity.ok().eTag("\"" + view.version() + "\"").body(view);
    }

    @GetMapping
    OpportunityListPage list(
            @RequestParam(name = "owner", required = false) String owner,
            @RequestParam(name = "stage", required = false) String stage,
            @RequestParam(name = "status", required = false) String status,
            @RequestParam(name = "customerId", required = false) String customerId,
            @RequestParam(name = "q", required = false) String text,
            @RequestParam(name = "page", required = false) Integer page,
            @RequestParam(name = "size", required = false) Integer size,
            @RequestParam(name = "sort", required = false) String sort) {
        UserId ownerId = QueryParams.parse("owner", owner, UserId::of);
        StageCode stageCode = QueryParams.parse("stage", stage, StageCode::of);
        OpportunityStatus statusValue = QueryParams.enumValue("status", status, OpportunityStatus.class);
        var customer = QueryParams.uuid("customerId", customerId);
        int pageNumber = QueryParams.page(page);
        int pageSize = QueryParams.size(size);
        SortOrder order = QueryParams.sort(sort, OpportunityQueryService.sortFields(), NEWEST_FIRST);
        OpportunityCriteria criteria = new OpportunityCriteria(
                ownerId == null ? null : ownerId.toString(),
                stageCode == null ? null : stageCode.toString(),
                statusValue,
                customer == null ? null : customer.toString(),
                text == null || text.isBlank() ? null : text.trim(),
                currentUser.scope());
        return service.list(criteria, pageNumber, pageSize, order);
    }
}
