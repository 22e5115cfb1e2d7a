package com.opportunityengine.security;

import java.util.Collection;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.security.access.AccessDeniedException;

/**
 * Who may send which command, decided on the aggregate's own state (strongly consistent, never
 * on the views). The aggregates call it from their command handler interceptors.
 *
 * <ul>
 *   <li>ADMIN and SERVICE: every command on everything.</li>
 *   <li>SALES_REP: commands on the opportunities they own or are a team member of; creates only
 *       opportunities owned by themselves; may not assign owners.</li>
 *   <li>SALES_MANAGER: as a rep, and on every opportunity owned by a user of their team (the
 *       owner's {@code teamId} equals the manager's); creates and assigns owners among
 *       themselves and their team.</li>
 *   <li>Anyone else (ANALYST, AUDITOR): no commands.</li>
 * </ul>
 *
 * An opportunity or deal the actor may not see answers exactly like one that does not exist
 * ({@link AggregateNotFoundException}, 404), so its existence is not revealed; a visible one
 * the actor may not change that way answers {@link AccessDeniedException} (403). A command
 * without an actor (sent inside the engine, not for an HTTP request) is not checked.
 */
public final class CommandAccess {

    private CommandAccess() {
    }

    /** A command on an existing opportunity. {@code assignsOwnerTo} is the new owner for AssignOwner, else null. */
    public static void checkOpportunity(Actor actor, String opportunityId, String ownerId,
                                        Collection<String> memberIds, String assignsOwnerTo) {
        if (actor == null || unrestricted(actor)) {
            return;
        }
        if (!sendsCommands(actor) || !sees(actor, ownerId, memberIds)) {
            if (!sendsCommands(actor)) {
                throw new AccessDeniedException("the roles " + actor.roles() + " send no commands");
            }
            throw new AggregateNotFoundException(opportunityId, "there is no opportunity " + opportunityId);
        }
        if (assignsOwnerTo != null) {
            if (!actor.has(Role.SALES_MANAGER)) {
                throw new AccessDeniedException("only a sales manager, a service or an admin assigns owners");
            }
            if (!inTeam(actor, assignsOwnerTo)) {
                throw new AccessDeniedException(assignsOwnerTo + " is not in the team of " + actor.userId());
            }
        }
    }

    /** CreateOpportunity: who may own what the actor creates. */
    public static void checkCreate(Actor actor, String ownerId) {
        if (actor == null || unrestricted(actor)) {
            return;
        }
        if (!sendsCommands(actor)) {
            throw new AccessDeniedException("the roles " + actor.roles() + " send no commands");
        }
        if (actor.has(Role.SALES_MANAGER) ? !inTeam(actor, ownerId) : !actor.userId().equals(ownerId)) {
            throw new AccessDeniedException(actor.userId() + " may not create an opportunity owned by " + ownerId);
        }
    }

    /** A command on an existing deal: its owner (the won opportunity's owner) and that owner's manager. */
    public static void checkDeal(Actor actor, String dealId, String ownerId) {
        if (actor == null || unrestricted(actor)) {
            return;
        }
        if (!sendsCommands(actor)) {
            throw new AccessDeniedException("the roles " + actor.roles() + " send no commands");
        }
        if (!sees(actor, ownerId, java.util.List.of())) {
            throw new AggregateNotFoundException(dealId, "there is no deal " + dealId);
        }
    }

    private static boolean unrestricted(Actor actor) {
        return actor.has(Role.ADMIN) || actor.has(Role.SERVICE);
    }

    private static boolean sendsCommands(Actor actor) {
        return actor.has(Role.SALES_REP) || actor.has(Role.SALES_MANAGER);
    }

    private static boolean sees(Actor actor, String ownerId, Collection<String> memberIds) {
        if (actor.userId().equals(ownerId) || memberIds.contains(actor.userId())) {
            return true;
        }
        return actor.has(Role.SALES_MANAGER) && ownerId != null && actor.teamUsers().contains(ownerId);
    }

    private static boolean inTeam(Actor actor, String userId) {
        return actor.userId().equals(userId) || actor.teamUsers().contains(userId);
    }
}
