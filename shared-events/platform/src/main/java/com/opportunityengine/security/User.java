package com.opportunityengine.security;

import java.time.Instant;
import java.util.Set;

/** A user of the engine, as stored in the {@code users} collection. {@code teamId} may be null. */
public record User(String userId, String displayName, Set<Role> roles, String teamId, Instant createdAt) {

    public User {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
