package com.opportunityengine.query.readmodel;

import com.opportunityengine.store.ReadModels;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.opportunityengine.security.AccessScope;
import com.opportunityengine.security.OpportunityVisibility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

/**
 * Which opportunities a reader sees, by the opportunity views ({@code qv_opportunities}: owner and
 * team members): the filter the query endpoints add for sales reps and managers. A rep sees what
 * they own or are a team member of; a manager also what the users of their team own (see
 * {@link AccessScope}). Like every view this is eventually consistent: an owner change shows in
 * what a rep sees once the view has applied it.
 */
@Component
public class VisibleOpportunities implements OpportunityVisibility {

    private static final String VIEWS = "qv_opportunities";

    private final MongoCollection<Document> views;

    public VisibleOpportunities(@ReadModels MongoDatabase database) {
        this.views = database.getCollection(VIEWS);
    }

    /** The filter on opportunity views ({@code ownerId}, {@code team.memberId}); null when unrestricted. */
    public static Bson viewFilter(AccessScope scope) {
        if (scope.unrestricted()) {
            return null;
        }
        List<Bson> any = new ArrayList<>();
        any.add(Filters.in("ownerId", scope.owners()));
        any.add(Filters.eq("team.memberId", scope.userId()));
        return Filters.or(any);
    }

    /** The ids of the visible opportunities; null when unrestricted (everything is visible). */
    public Set<String> ids(AccessScope scope) {
        Bson filter = viewFilter(scope);
        if (filter == null) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>();
        views.find(filter).projection(Projections.include("_id")).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    @Override
    public Optional<Boolean> visible(String opportunityId, AccessScope scope) {
        Document view = views.find(Filters.eq("_id", opportunityId))
                .projection(Projections.include("ownerId", "team")).first();
        if (view == null) {
            return Optional.empty();
        }
        List<String> members = view.getList("team", Document.class, List.of()).stream()
                .map(member -> member.getString("memberId")).toList();
        return Optional.of(scope.sees(view.getString("ownerId"), members));
    }
}
