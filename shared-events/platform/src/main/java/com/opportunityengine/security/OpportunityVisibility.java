package com.opportunityengine.security;

import java.util.Optional;

/**
 * Whether an opportunity is visible in a scope, answered by the side that holds the opportunity
 * views (the query side). Empty when the opportunity is not (yet) known there. The security
 * rules use it to answer 404 to a rep or manager who asks for someone else's opportunity on any
 * {@code GET /api/opportunities/{id}/...}, including endpoints that do not filter themselves.
 */
public interface OpportunityVisibility {

    Optional<Boolean> visible(String opportunityId, AccessScope scope);
}
