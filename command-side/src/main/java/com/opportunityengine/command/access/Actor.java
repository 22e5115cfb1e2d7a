package com.opportunityengine.command.access;

import com.opportunityengine.security.Role;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who sends a command, as the aggregates' access rules ({@link CommandAccess}) see it: the user id, the
 * roles and, for a sales manager, the ids of the users of their team. Command handlers take it as a
 * parameter, resolved once from the command's metadata ({@code actor}, {@code actorRoles},
 * {@code actorTeamUsers}, see {@code command.config.ActorMetaData}); they never read the metadata
 * themselves. {@link #ENGINE} is a command sent inside the engine (tests, the importer's replay) rather
 * than for an HTTP request: no rule applies to it.
 *
 * @param userId the acting user; null only for {@link #ENGINE}
 */
public record Actor(String userId, Set<Role> roles, Set<String> teamUsers) {

    /** The engine itself: a command whose metadata names no roles. */
    public static final Actor ENGINE = new Actor(null, Set.of(), Set.of());

    public Actor {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        teamUsers = Set.copyOf(teamUsers);
        if (userId == null && !roles.isEmpty()) {
            throw new IllegalArgumentException("an actor with roles names its user");
        }
    }

    /** A user acting with these roles. */
    public static Actor user(String userId, Set<Role> roles, Set<String> teamUsers) {
        return new Actor(Objects.requireNonNull(userId, "userId"), roles, teamUsers);
    }

    public boolean isEngine() {
        return userId == null;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
