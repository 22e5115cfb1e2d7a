package com.opportunityengine.query.opportunity;

import com.opportunityengine.store.ReadModels;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.customer.CustomerDirectory;
import com.opportunityengine.query.readmodel.PipelineCatalog;
import com.opportunityengine.query.readmodel.WinProbabilities;
import com.opportunityengine.query.readmodel.VersionWait;
import com.opportunityengine.query.readmodel.VisibleOpportunities;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.query.web.QueryParams;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.query.web.SortOrder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The opportunity views: one by id (optionally waiting for a version) and pages of them, each
 * restricted to what the reader sees (a rep or manager: owner and team, see {@code VisibleOpportunities}).
 */
@RestController
@RequestMapping("/api/opportunities")
class OpportunityQueryController {

    private static final SortOrder NEWEST_FIRST = new SortOrder("createdAt", false);

    private final OpportunityViewRepository views;
    private final CustomerDirectory customers;
    private final PipelineCatalog pipelines;
    private final QueryProperties properties;
    private final CurrentUser currentUser;
    private final Clock clock;
    private final ObjectProvider<WinProbabilities> learned;

    OpportunityQueryController(@ReadModels MongoDatabase database, CustomerDirectory customers, PipelineCatalog pipelines,
                               QueryProperties properties, CurrentUser currentUser, Clock clock,
                               ObjectProvider<WinProbabilities> learned) {
        this.learned = learned;
        this.views = new OpportunityViewRepository(database);
        this.customers = customers;
        this.pipelines = pipelines;
        this.properties = properties;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @GetMapping("/{id}")
    ResponseEntity<OpportunityView> get(@PathVariable("id") String id,
                                        @RequestParam(name = "minVersion", required = false) Long minVersion) {
        String opportunityId = QueryParams.uuid("id", id).toString();
        if (minVersion != null && minVersion < 0) {
            throw QueryProblems.badParameter("minVersion", "must be 0 or more");
        }
        Optional<OpportunityViewState> found;
        try {
            found = VersionWait.await(() -> views.find(opportunityId), view -> view.version, minVersion,
                    properties.minVersionTimeout());
        } catch (VersionWait.Behind behind) {
            throw QueryProblems.notYetApplied("opportunity", opportunityId, minVersion, properties.minVersionTimeout());
        }
        OpportunityViewState view = found
                .filter(v -> currentUser.scope().sees(v.ownerId, v.team.keySet()))
                .orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        Map<String, String> names = customers.names(view.customerId == null ? List.of() : List.of(view.customerId));
        return ResponseEntity.ok()
                .eTag("\"" + view.version + "\"")
                .body(toView(view, names, clock.instant()));
    }

    @GetMapping
    OpportunityListPage list(@RequestParam(name = "owner", required = false) String owner,
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
        SortOrder order = QueryParams.sort(sort, Set.copyOf(OpportunityViewRepository.SORT_FIELDS.keySet()), NEWEST_FIRST);
        OpportunityCriteria criteria = new OpportunityCriteria(
                ownerId == null ? null : ownerId.toString(),
                stageCode == null ? null : stageCode.toString(),
                statusValue,
                customer == null ? null : customer.toString(),
                text == null || text.isBlank() ? null : text.trim(),
                VisibleOpportunities.viewFilter(currentUser.scope()));
        OpportunityPage found = views.search(criteria, pageNumber, pageSize, order);
        Map<String, String> names = customers.names(found.items().stream()
                .map(view -> view.customerId).filter(Objects::nonNull).distinct().toList());
        Instant now = clock.instant();
        List<OpportunityView> items = new ArrayList<>();
        found.items().forEach(view -> items.add(toView(view, names, now)));
        return new OpportunityListPage(items, pageNumber, pageSize, found.total());
    }

    private OpportunityView toView(OpportunityViewState view, Map<String, String> customerNames, Instant now) {
        List<TeamMemberView> team = new ArrayList<>();
        view.team.forEach((member, role) -> team.add(new TeamMemberView(member, role)));
        CustomerRef customer = view.customerId == null ? null
                : new CustomerRef(view.customerId, customerNames.get(view.customerId));
        return new OpportunityView(view.opportunityId, view.title, view.description, customer, view.source,
                view.ownerId, team, view.pipeline, view.stage, view.stageOrder, view.status, view.amount,
                view.expectedCloseDate, winProbability(view), view.createdAt, view.lastContactAt, view.closedAt,
                view.openTasks.size(), view.overdueTasks(now), view.documents, view.dealId, view.lostReason,
                view.competitor, List.copyOf(view.relatedOpportunityIds), view.version);
    }

    /**
     * The learned model's probability (combined at read time from the win-probability read model), the stage's
     * default when the model does not know the opportunity yet; 1 once won, 0 while lost.
     */
    private Double winProbability(OpportunityViewState view) {
        if (view.status == OpportunityStatus.WON) {
            return 1.0;
        }
        if (view.status == OpportunityStatus.LOST) {
            return 0.0;
        }
        WinProbabilities model = learned.getIfUnique();
        Optional<Double> fromModel = model == null ? Optional.empty() : model.current(view.opportunityId);
        if (fromModel.isPresent()) {
            return Math.round(fromModel.get() * 10_000) / 10_000.0;
        }
        return pipelines.defaultProbability(PipelineId.of(view.pipeline), StageCode.of(view.stage))
                .map(p -> Math.round(p * 10_000) / 10_000.0)
                .orElse(null);
    }
}
