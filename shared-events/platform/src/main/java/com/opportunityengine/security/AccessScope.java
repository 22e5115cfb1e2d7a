package com.opportunityengine.security;

import java.util.Collection;
import java.util.Set;

/**
 * Which opportunities a reader sees. Unrestricted for every role that may read without an
 * owner rule (ADMIN, SERVICE, ANALYST, AUDITOR). A sales rep sees the opportunities they own or
 * are a team member of; a sales manager additionally every opportunity owned by a user of their
 * team ({@code owners} = the manager and the users whose {@code teamId} is the manager's).
 *
 * @param userId the reader
 * @param owners whose opportunities the reader sees (ignored when unrestricted)
 */
public record AccessScope(boolean unrestricted, String userId, Set<String> owners) {

    public AccessScope {
        owners = Set.copyOf(owners);
    }

    public static AccessScope everything(String userId) {
        return new AccessScope(true, userId, Set.of());
    }

    /** Whether an opportunity with this owner and these team members is visible. */
    public boolean sees(String ownerId, Collection<String> memberIds) {
        return unrestricted || owners.contains(ownerId) || memberIds.contains(userId);
    }

    /** Whether every opportunity of this owner is visible (the rule the per-owner totals can apply exactly). */
    public boolean seesOwner(String ownerId) {
        return unrestricted || owners.contains(ownerId);
    }
}
