package com.opportunityengine.security;

import com.opportunityengine.platform.MetaDataKeys;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The acting principal of a request as commands carry it in their metadata: the user id
 * ({@code actor}, the one key copied onto every event), the roles ({@code actorRoles}) and, for
 * a sales manager, the ids of the users of their team ({@code actorTeamUsers}, read from the
 * users collection when the command is sent). Aggregates check commands against it with
 * {@link CommandAccess}.
 */
public record Actor(String userId, Set<Role> roles, Set<String> teamUsers) {

    public static final String ACTOR = MetaDataKeys.ACTOR;
    public static final String ROLES = MetaDataKeys.ACTOR_ROLES;
    public static final String TEAM_USERS = MetaDataKeys.ACTOR_TEAM_USERS;

    public Actor {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        teamUsers = Set.copyOf(teamUsers);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The metadata entries that carry this actor. */
    public Map<String, Object> toMetaData() {
        Map<String, Object> values = new HashMap<>();
        values.put(ACTOR, userId);
        values.put(ROLES, roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")));
        values.put(TEAM_USERS, String.join(",", teamUsers.stream().sorted().toList()));
        return values;
    }

    /**
     * The actor a command's metadata carries, or null when it carries none: a command sent
     * inside the engine (tests, the importer's replay) rather than for an HTTP request, which
     * {@code CommandSender} always marks.
     */
    public static Actor fromMetaData(Map<String, ?> metaData) {
        Object user = metaData.get(ACTOR);
        Object roles = metaData.get(ROLES);
        if (user == null || roles == null) {
            return null;
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : split(roles)) {
            parsed.add(Role.valueOf(name));
        }
        Object team = metaData.get(TEAM_USERS);
        return new Actor(user.toString(), parsed, team == null ? Set.of() : split(team));
    }

    private static Set<String> split(Object joined) {
        if (joined instanceof Collection<?> values) {
            return values.stream().map(Object::toString).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return Arrays.stream(joined.toString().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
