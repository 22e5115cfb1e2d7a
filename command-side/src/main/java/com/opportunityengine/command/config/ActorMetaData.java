package com.opportunityengine.command.config;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.platform.MetaDataKeys;
import com.opportunityengine.security.Role;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The wire format of the {@link Actor} in a command's metadata, written here once: {@code actor} (the
 * user id, the one key every event keeps), {@code actorRoles} (role names, comma separated) and
 * {@code actorTeamUsers} (for a manager, user ids, comma separated); see {@link MetaDataKeys}. Plain
 * strings, so that any command bus carries them. The web layer writes it when it sends a command;
 * {@link ActorParameterResolverFactory} reads it for the command handlers.
 */
public final class ActorMetaData {

    private ActorMetaData() {}

    /** The metadata entries that carry this actor (none for {@link Actor#ENGINE}). */
    public static Map<String, Object> of(Actor actor) {
        Map<String, Object> values = new HashMap<>();
        if (actor.isEngine()) {
            return values;
        }
        values.put(MetaDataKeys.ACTOR, actor.userId());
        values.put(
                MetaDataKeys.ACTOR_ROLES,
                actor.roles().stream().map(Role::name).sorted().collect(Collectors.joining(",")));
        values.put(
                MetaDataKeys.ACTOR_TEAM_USERS,
                String.join(",", actor.teamUsers().stream().sorted().toList()));
        return values;
    }

    /**
     * The actor a command's metadata carries; {@link Actor#ENGINE} when it names no roles: a command sent
     * inside the engine (tests, the importer's replay, which names its user as {@code actor} for the events
     * but no roles), which {@code CommandSender} never sends for an HTTP request.
     *
     * @throws IllegalArgumentException when {@code actorRoles} names a role that does not exist
     */
    public static Actor from(Map<String, ?> metaData) {
        Object user = metaData.get(MetaDataKeys.ACTOR);
        Object roles = metaData.get(MetaDataKeys.ACTOR_ROLES);
        if (user == null || roles == null) {
            return Actor.ENGINE;
        }
        Set<Role> parsed = EnumSet.noneOf(Role.class);
        for (String name : split(roles)) {
            parsed.add(Role.valueOf(name));
        }
        Object team = metaData.get(MetaDataKeys.ACTOR_TEAM_USERS);
        return Actor.user(user.toString(), parsed, team == null ? Set.of() : split(team));
    }

    private static Set<String> split(Object joined) {
        if (joined instanceof Collection<?> values) {
            return values.stream().map(Object::toString).collect(Collectors.toCollection(LinkedHashSet::new));
        }
        return Arrays.stream(joined.toString().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
