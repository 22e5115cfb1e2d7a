package com.opportunityengine.query.opportunity;

import static com.opportunityengine.query.store.Documents.date;
import static com.opportunityengine.query.store.Documents.instant;
import static com.opportunityengine.query.store.Documents.money;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.opportunityengine.events.opportunity.ForecastCategory;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.query.web.SortOrder;
import com.opportunityengine.security.AccessScope;
import com.opportunityengine.store.ReadModels;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * The opportunity views in {@code qv_opportunities}, one document per opportunity keyed by its id: the one class
 * that knows the collection, its fields and indexes. Written by {@link OpportunityViewProjection}, read by
 * {@link OpportunityQueryService} and, for who sees what, by {@link VisibleOpportunities}. Public (its writes are
 * not) so that other features' tests can build a {@link VisibleOpportunities} by hand.
 */
@Component
public class OpportunityViewStore {

    static final String COLLECTION = "qv_opportunities";
    /** Public sort fields and the stored fields they sort on. */
    static final Map<String, String> SORT_FIELDS = Map.of(
            "createdAt", "createdAt",
            "title", "title",
            "expectedCloseDate", "expectedCloseDate",
            "lastContactAt", "lastContactAt",
            "stage", "stageOrder",
            "version", "version");

    private final MongoCollection<Document> views;
    private final BatchedWrites writes;

    public OpportunityViewStore(@ReadModels MongoDatabase database) {
        this.views = database.getCollection(COLLECTION);
        this.writes = new BatchedWrites(database, COLLECTION);
        createIndexes();
    }

    private void createIndexes() {
        views.createIndex(Indexes.ascending("ownerId", "createdAt"));
        views.createIndex(Indexes.ascending("status", "stage", "createdAt"));
        views.createIndex(Indexes.ascending("customerId"));
        views.createIndex(Indexes.descending("createdAt"));
    }

    void clear() {
        writes.clear();
    }

    /** The view as stored, or as the current batch has left it. */
    Optional<OpportunityViewState> find(String opportunityId) {
        return writes.find(COLLECTION, opportunityId).map(OpportunityViewStore::fromDocument);
    }

    void save(OpportunityViewState view) {
        writes.write(new Changes().replace(COLLECTION, view.opportunityId, toDocument(view)));
    }

    /** One page of views matching the criteria (null criteria match everything), and the total count. */
    OpportunityPage search(OpportunityCriteria criteria, int page, int size, SortOrder sort) {
        Bson filter = filter(criteria);
        String field = SORT_FIELDS.get(sort.field());
        Bson order = sort.ascending() ? Sorts.ascending(field, "_id") : Sorts.descending(field, "_id");
        List<OpportunityViewState> items = new ArrayList<>();
        views.find(filter)
                .sort(order)
                .skip(page * size)
                .limit(size)
                .forEach(document -> items.add(fromDocument(document)));
        return new OpportunityPage(items, views.countDocuments(filter));
    }

    private static Bson filter(OpportunityCriteria criteria) {
        List<Bson> filters = new ArrayList<>();
        Bson visible = criteria.scope() == null ? null : visibleFilter(criteria.scope());
        if (visible != null) {
            filters.add(visible);
        }
        if (criteria.ownerId() != null) {
            filters.add(Filters.eq("ownerId", criteria.ownerId()));
        }
        if (criteria.stage() != null) {
            filters.add(Filters.eq("stage", criteria.stage()));
        }
        if (criteria.status() != null) {
            filters.add(Filters.eq("status", criteria.status().name()));
        }
        if (criteria.customerId() != null) {
            filters.add(Filters.eq("customerId", criteria.customerId()));
        }
        if (criteria.text() != null) {
            String quoted = Pattern.quote(criteria.text());
            filters.add(Filters.or(Filters.regex("title", quoted, "i"), Filters.regex("description", quoted, "i")));
        }
        return filters.isEmpty() ? new Document() : Filters.and(filters);
    }

    /** The filter on views ({@code ownerId}, {@code team.memberId}) of what a reader sees; null when unrestricted. */
    private static Bson visibleFilter(AccessScope scope) {
        if (scope.unrestricted()) {
            return null;
        }
        List<Bson> any = new ArrayList<>();
        any.add(Filters.in("ownerId", scope.owners()));
        any.add(Filters.eq("team.memberId", scope.userId()));
        return Filters.or(any);
    }

    /** The ids of the opportunities the reader sees; null when unrestricted (everything is visible). */
    Set<String> visibleIds(AccessScope scope) {
        Bson filter = visibleFilter(scope);
        if (filter == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        views.find(filter).projection(Projections.include("_id")).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    /** Whether the reader sees the opportunity, by its stored owner and team; empty when it has no view. */
    Optional<Boolean> visible(String opportunityId, AccessScope scope) {
        Document view = views.find(Filters.eq("_id", opportunityId))
                .projection(Projections.include("ownerId", "team"))
                .first();
        if (view == null) {
            return Optional.empty();
        }
        List<String> members = view.getList("team", Document.class, List.of()).stream()
                .map(member -> member.getString("memberId"))
                .toList();
        return Optional.of(scope.sees(view.getString("ownerId"), members));
    }

    static Document toDocument(OpportunityViewState view) {
        List<Document> team = new ArrayList<>();
        view.team.forEach((member, role) -> team.add(new Document("memberId", member).append("role", role)));
        List<Document> tasks = new ArrayList<>();
        view.openTasks.forEach((task, due) -> tasks.add(new Document("taskId", task).append("dueAt", instant(due))));
        return new Document("_id", view.opportunityId)
                .append("title", view.title)
                .append("description", view.description)
                .append("customerId", view.customerId)
                .append("source", view.source)
                .append("ownerId", view.ownerId)
                .append("team", team)
                .append("pipeline", view.pipeline)
                .append("stage", view.stage)
                .append("stageOrder", view.stageOrder)
                .append("status", view.status == null ? null : view.status.name())
                .append("amount", money(view.amount))
                .append("expectedCloseDate", date(view.expectedCloseDate))
                .append("forecastProbability", view.forecastProbability)
                .append("forecastCategory", view.forecastCategory == null ? null : view.forecastCategory.name())
                .append("createdAt", instant(view.createdAt))
                .append("lastContactAt", instant(view.lastContactAt))
                .append("closedAt", instant(view.closedAt))
                .append("lastActivityAt", instant(view.lastActivityAt))
                .append("openTasks", tasks)
                .append("documents", view.documents)
                .append("dealId", view.dealId)
                .append("lostReason", view.lostReason)
                .append("competitor", view.competitor)
                .append("relatedOpportunityIds", new ArrayList<>(view.relatedOpportunityIds))
                .append("version", view.version);
    }

    static OpportunityViewState fromDocument(Document document) {
        OpportunityViewState view = new OpportunityViewState();
        view.opportunityId = document.getString("_id");
        view.title = document.getString("title");
        view.description = document.getString("description");
        view.customerId = document.getString("customerId");
        view.source = document.getString("source");
        view.ownerId = document.getString("ownerId");
        for (Document member : document.getList("team", Document.class, List.of())) {
            view.team.put(member.getString("memberId"), member.getString("role"));
        }
        view.pipeline = document.getString("pipeline");
        view.stage = document.getString("stage");
        view.stageOrder = document.getInteger("stageOrder", 0);
        String status = document.getString("status");
        view.status = status == null ? null : OpportunityStatus.valueOf(status);
        view.amount = money(document.get("amount", Document.class));
        view.expectedCloseDate = date(document.getString("expectedCloseDate"));
        view.forecastProbability = document.getInteger("forecastProbability");
        String forecastCategory = document.getString("forecastCategory");
        view.forecastCategory = forecastCategory == null ? null : ForecastCategory.valueOf(forecastCategory);
        view.createdAt = instant(document.getString("createdAt"));
        view.lastContactAt = instant(document.getString("lastContactAt"));
        view.closedAt = instant(document.getString("closedAt"));
        view.lastActivityAt = instant(document.getString("lastActivityAt"));
        for (Document task : document.getList("openTasks", Document.class, List.of())) {
            view.openTasks.put(task.getString("taskId"), instant(task.getString("dueAt")));
        }
        view.documents = document.getInteger("documents", 0);
        view.dealId = document.getString("dealId");
        view.lostReason = document.getString("lostReason");
        view.competitor = document.getString("competitor");
        view.relatedOpportunityIds.addAll(document.getList("relatedOpportunityIds", String.class, List.of()));
        view.version = ((Number) document.get("version")).longValue();
        return view;
    }
}
