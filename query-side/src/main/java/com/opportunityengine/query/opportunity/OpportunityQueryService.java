package com.opportunityengine.query.opportunity;

import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.query.config.QueryProperties;
import com.opportunityengine.query.pipeline.PipelineCatalog;
import com.opportunityengine.query.web.QueryProblems;
import com.opportunityengine.query.web.SortOrder;
import com.opportunityengine.security.AccessScope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Answers the opportunity view queries from {@link OpportunityViewStore}, restricted to what the reader sees, and
 * combines at read time what the view does not keep: the customer's name, the win probability and the tasks overdue
 * at the time of the request.
 */
@Service
class OpportunityQueryService {

    private final OpportunityViewStore views;
    private final CustomerNames customers;
    private final PipelineCatalog pipelines;
    private final QueryProperties properties;
    private final Clock clock;
    private final ObjectProvider<WinProbabilities> learned;

    OpportunityQueryService(
            OpportunityViewStore views,
            CustomerNames customers,
            PipelineCatalog pipelines,
            QueryProperties properties,
            Clock clock,
            ObjectProvider<WinProbabilities> learned) {
        this.views = views;
        this.customers = customers;
        this.pipelines = pipelines;
        this.properties = properties;
        this.clock = clock;
        this.learned = learned;
    }

    /** The fields a list can be sorted by. */
    static Set<String> sortFields() {
        return Set.copyOf(OpportunityViewStore.SORT_FIELDS.keySet());
    }

    /**
     * One opportunity's view, once it has applied {@code minVersion} (at once when null); 404 when it does not
     * exist or the reader does not see it, 503 when the view has not caught up in time.
     */
    OpportunityView find(String opportunityId, Long minVersion, AccessScope scope) {
        Optional<OpportunityViewState> found;
        try {
            // one the reader cannot see is read as absent, so that it is waited for exactly like an unknown id
            found = VersionWait.await(
                    () -> views.find(opportunityId).filter(v -> scope.sees(v.ownerId, v.team.keySet())),
                    view -> view.version,
                    minVersion,
                    properties.minVersionTimeout());
        } catch (VersionWait.Behind behind) {
            throw QueryProblems.notYetApplied("opportunity", opportunityId, minVersion, properties.minVersionTimeout());
        }
        OpportunityViewState view = found.orElseThrow(() -> QueryProblems.notFound("opportunity", opportunityId));
        Map<String, String> names = customers.names(view.customerId == null ? List.of() : List.of(view.customerId));
        return toView(view, names, clock.instant());
    }

    /** One page of the views matching the criteria, and how many match in all. */
    OpportunityListPage list(OpportunityCriteria criteria, int page, int size, SortOrder order) {
        OpportunityPage found = views.search(criteria, page, size, order);
        Map<String, String> names = customers.names(found.items().stream()
                .map(view -> view.customerId)
                .filter(Objects::nonNull)
                .distinct()
                .toList());
        Instant now = clock.instant();
        List<OpportunityView> items = new ArrayList<>();
        found.items().forEach(view -> items.add(toView(view, names, now)));
        return new OpportunityListPage(items, page, size, found.total());
    }

    private OpportunityView toView(OpportunityViewState view, Map<String, String> customerNames, Instant now) {
        List<TeamMemberView> team = new ArrayList<>();
        view.team.forEach((member, role) -> team.add(new TeamMemberView(member, role)));
        CustomerRef customer =
                view.customerId == null ? null : new CustomerRef(view.customerId, customerNames.get(view.customerId));
        return new OpportunityView(
                view.opportunityId,
                view.title,
                view.description,
                customer,
                view.source,
                view.ownerId,
                team,
                view.pipeline,
                view.stage,
                view.stageOrder,
                view.status,
                view.amount,
                view.expectedCloseDate,
                winProbability(view),
                view.forecastProbability,
                view.forecastCategory,
                view.createdAt,
                view.lastContactAt,
                view.closedAt,
                view.openTasks.size(),
                view.overdueTasks(now),
                view.documents,
                view.dealId,
                view.lostReason,
                view.competitor,
                List.copyOf(view.relatedOpportunityIds),
                view.version);
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
        return pipelines
                .defaultProbability(PipelineId.of(view.pipeline), StageCode.of(view.stage))
                .map(p -> Math.round(p * 10_000) / 10_000.0)
                .orElse(null);
    }
}
