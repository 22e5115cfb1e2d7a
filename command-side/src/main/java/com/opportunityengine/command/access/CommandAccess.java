package com.opportunityengine.command.access;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.security.Role;
import java.util.Collection;
import java.util.List;

/**
 * Who may send which command: business rules, decided on the aggregate's own state (strongly
 * consistent, never on the views). The aggregates call it from their command handlers and
 * command handler interceptors.
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
 * Every refusal is a {@link BusinessRuleException}, so it travels as the same {@code BusinessError}
 * details as every other broken rule, over any command bus. An opportunity or deal the actor may not see
 * answers exactly like one that does not exist ({@link ErrorCode#OPPORTUNITY_NOT_FOUND},
 * {@link ErrorCode#DEAL_NOT_FOUND}, 404), so its existence is not revealed; a visible one the actor may not
 * change that way answers {@link ErrorCode#ROLE_NOT_ALLOWED} or {@link ErrorCode#OWNER_NOT_ALLOWED} (403).
 * A command sent inside the engine ({@link Actor#ENGINE}) is not checked.
 */
public final class CommandAccess {

    private CommandAccess() {}

    /** A command on an existing opportunity. {@code assignsOwnerTo} is the new owner for AssignOwner, else null. */
    public static void checkOpportunity(
            Actor actor, String opportunityId, String ownerId, Collection<String> memberIds, String assignsOwnerTo) {
        if (unrestricted(actor)) {
            return;
        }
        requireSendsCommands(actor);
        if (!sees(actor, ownerId, memberIds)) {
            throw BusinessRuleException.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, opportunityId);
        }
        if (assignsOwnerTo != null) {
            if (!actor.has(Role.SALES_MANAGER)) {
                throw new BusinessRuleException(
                        ErrorCode.ROLE_NOT_ALLOWED, "only a sales manager, a service or an admin assigns owners");
            }
            if (!inTeam(actor, assignsOwnerTo)) {
                throw new BusinessRuleException(
                        ErrorCode.OWNER_NOT_ALLOWED, assignsOwnerTo + " is not in the team of " + actor.userId());
            }
        }
    }

    /** Whether the actor may see and change every opportunity (the engine, an admin, a service). */
    public static boolean seesEverything(Actor actor) {
        return unrestricted(actor);
    }

    /**
     * An opportunity the actor names as related to one they create or change: one they may not see answers as one
     * that does not exist.
     */
    public static void checkRelated(Actor actor, String opportunityId, String ownerId, Collection<String> memberIds) {
        if (!unrestricted(actor) && !sees(actor, ownerId, memberIds)) {
            throw BusinessRuleException.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, opportunityId);
        }
    }

    /** CreateOpportunity: who may own what the actor creates. */
    public static void checkCreate(Actor actor, String ownerId) {
        if (unrestricted(actor)) {
            return;
        }
        requireSendsCommands(actor);
        if (actor.has(Role.SALES_MANAGER)
                ? !inTeam(actor, ownerId)
                : !actor.userId().equals(ownerId)) {
            throw new BusinessRuleException(
                    ErrorCode.OWNER_NOT_ALLOWED, actor.userId() + " may not create an opportunity owned by " + ownerId);
        }
    }

    /**
     * CreateOpportunity without an owner: the assignment rules choose one, not the creator, so every role that
     * sends commands may send it.
     */
    public static void checkRoutedCreate(Actor actor) {
        if (unrestricted(actor)) {
            return;
        }
        requireSendsCommands(actor);
    }

    /** A command on an existing deal: its owner (the won opportunity's owner) and that owner's manager. */
    public static void checkDeal(Actor actor, String dealId, String ownerId) {
        if (unrestricted(actor)) {
            return;
        }
        requireSendsCommands(actor);
        if (!sees(actor, ownerId, List.of())) {
            throw BusinessRuleException.notFound(ErrorCode.DEAL_NOT_FOUND, dealId);
        }
    }

    private static boolean unrestricted(Actor actor) {
        return actor.isEngine() || actor.has(Role.ADMIN) || actor.has(Role.SERVICE);
    }

    private static void requireSendsCommands(Actor actor) {
        if (!actor.has(Role.SALES_REP) && !actor.has(Role.SALES_MANAGER)) {
            throw new BusinessRuleException(
                    ErrorCode.ROLE_NOT_ALLOWED, "the roles " + actor.roles() + " send no commands");
        }
    }

    private static boolean sees(Actor actor, String ownerId, Collection<String> memberIds) {
        if (actor.userId().equals(ownerId) || memberIds.contains(actor.userId())) {
            return true;
        }
        return actor.has(Role.SALES_MANAGER)
                && ownerId != null
                && actor.teamUsers().contains(ownerId);
    }

    private static boolean inTeam(Actor actor, String userId) {
        return actor.userId().equals(userId) || actor.teamUsers().contains(userId);
    }
}
