package com.opportunityengine.query.opportunity;

import com.opportunityengine.security.AccessScope;
import com.opportunityengine.security.OpportunityVisibility;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which opportunities a reader sees, by the opportunity views (owner and team members): what the query services
 * of other features ask to restrict their answers for sales reps and managers. A rep sees what they own or are a
 * team member of; a manager also what the users of their team own (see {@link AccessScope}). Like every view this
 * is eventually consistent: an owner change shows in what a rep sees once the view has applied it.
 */
@Component
public class VisibleOpportunities implements OpportunityVisibility {

    private final OpportunityViewStore views;

    public VisibleOpportunities(OpportunityViewStore views) {
        this.views = views;
    }

    /** The ids of the visible opportunities; null when unrestricted (everything is visible). */
    public Set<String> ids(AccessScope scope) {
        return views.visibleIds(scope);
    }

    @Override
    public Optional<Boolean> visible(String opportunityId, AccessScope scope) {
        return views.visible(opportunityId, scope);
    }
}
