package com.opportunityengine.command.assignment;

import com.opportunityengine.events.assignment.AssignmentDecision;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.assignment.PassOverReason;
import com.opportunityengine.events.assignment.PassedOver;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.platform.assignment.AssignmentProfile;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Chooses the owner of an opportunity created without one, by the current {@link RuleSet}: the first rule
 * that matches names a pool (a team's members, or users by id); a member is eligible unless deactivated (or
 * not a user), without a sales role, not in the rule's team, absent at the assignment's business time, or at
 * capacity; the rule's strategy picks among the eligible ones.
 *
 * <ul>
 *   <li>ROUND_ROBIN: the pool in user-id order; the first eligible member after the one the rule's last turn
 *       went to ({@link RoundRobinTurns}, durable and taken once across command nodes).</li>
 *   <li>LEAST_LOADED: the fewest open opportunities ({@link OpenOpportunities}); ties to the lowest user id.</li>
 * </ul>
 *
 * With no matching rule or no eligible member it answers the configured unassigned queue owner when there is
 * one, else refuses with {@link ErrorCode#NO_ASSIGNEE}. Every answer carries its {@link AssignmentDecision}
 * for the event, so that a replay applies the decision and never asks the rules again.
 */
public class Assigner {

    private final AssignmentRules rules;
    private final AssignmentProfiles profiles;
    private final RoundRobinTurns turns;
    private final OpenOpportunities open;
    private final CustomerTraitsSource customers;
    private final UserId queueOwner;

    public Assigner(
            AssignmentRules rules,
            AssignmentProfiles profiles,
            RoundRobinTurns turns,
            OpenOpportunities open,
            CustomerTraitsSource customers,
            UserId queueOwner) {
        this.rules = rules;
        this.profiles = profiles;
        this.turns = turns;
        this.open = open;
        this.customers = customers;
        this.queueOwner = queueOwner;
    }

    public Assignment assign(AssignmentSubject subject) {
        RuleSet set = rules.current();
        AssignmentSubject seen = set.needsCustomer() && subject.customerId() != null
                ? subject.withCustomer(customers.of(subject.customerId()))
                : subject.withCustomer(CustomerTraits.UNKNOWN);
        Optional<AssignmentRule> matching = set.first(seen);
        if (matching.isEmpty()) {
            return unassigned("no assignment rule of version " + set.version() + " matches", null, set.version());
        }
        AssignmentRule rule = matching.get();
        Pool pool = pool(rule, seen);
        if (pool.eligible.isEmpty()) {
            return unassigned(
                    "no member of rule " + rule.ruleId() + " is available: " + pool.passedOver, rule, set.version());
        }
        return rule.strategy() == AssignmentStrategy.ROUND_ROBIN
                ? roundRobin(rule, set.version(), pool, seen)
                : leastLoaded(rule, set.version(), pool);
    }

    /**
     * The new owner of one opportunity of a hand-over from {@code fromUserId}: the pool named by {@code target}
     * without the departing owner, by {@code strategy}, through the same eligibility (absence at {@code at},
     * capacity, activity, sales role). Round robin takes turns of the hand-over's own {@code ruleId}, so that a
     * resumed hand-over continues its rotation. Empty when nobody of the pool is available.
     */
    public Optional<Assignment> handOver(
            String ruleId, AssignTo target, AssignmentStrategy strategy, String fromUserId, Instant at) {
        AssignmentRule rule = new AssignmentRule(ruleId, RuleMatch.ANY, target, strategy);
        AssignmentSubject subject = new AssignmentSubject(null, null, null, null, at, CustomerTraits.UNKNOWN);
        Pool pool = pool(rule, subject);
        pool.candidates.remove(fromUserId);
        pool.eligible.remove(fromUserId);
        pool.passedOver.remove(fromUserId);
        if (pool.eligible.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                strategy == AssignmentStrategy.ROUND_ROBIN
                        ? roundRobin(rule, null, pool, subject)
                        : leastLoaded(rule, null, pool));
    }

    /** Ranks the members of a pool for a hand-over or a rule: who is eligible, who is passed over and why. */
    Pool pool(AssignmentRule rule, AssignmentSubject subject) {
        AssignTo to = rule.assignTo();
        TreeSet<String> ids = new TreeSet<>();
        Map<String, AssignmentProfile> found = new LinkedHashMap<>();
        if (to.teamId() != null) {
            profiles.team(to.teamId()).forEach(profile -> {
                ids.add(profile.userId());
                found.put(profile.userId(), profile);
            });
        } else {
            for (String userId : to.userIds()) {
                ids.add(userId);
                profiles.find(userId).ifPresent(profile -> found.put(userId, profile));
            }
        }
        Pool pool = new Pool();
        for (String userId : ids) {
            pool.candidates.add(userId);
            AssignmentProfile profile = found.get(userId);
            PassOverReason reason = reason(profile, to, subject);
            if (reason == null) {
                pool.eligible.put(userId, open.count(userId));
            } else {
                pool.passedOver.put(userId, reason);
            }
        }
        return pool;
    }

    private PassOverReason reason(AssignmentProfile profile, AssignTo to, AssignmentSubject subject) {
        if (profile == null || !profile.active()) {
            return PassOverReason.DEACTIVATED;
        }
        if (!profile.sells()) {
            return PassOverReason.NO_SALES_ROLE;
        }
        if (to.teamId() != null && !to.teamId().equals(profile.teamId())) {
            return PassOverReason.NOT_IN_TEAM;
        }
        if (profile.absentAt(subject.at())) {
            return PassOverReason.ABSENT;
        }
        if (profile.maxOpen() != null && open.count(profile.userId()) >= profile.maxOpen()) {
            return PassOverReason.AT_CAPACITY;
        }
        return null;
    }

    private Assignment roundRobin(AssignmentRule rule, Long version, Pool pool, AssignmentSubject subject) {
        List<String> order = pool.candidates;
        RoundRobinTurns.Turn turn =
                turns.take(rule.ruleId(), last -> next(order, pool.eligible.keySet(), last), subject.at());
        String tieBreak = "round robin turn " + turn.number() + " of rule " + rule.ruleId()
                + ": the first available member after the previous turn's, in user-id order";
        return decided(rule, version, pool, turn.userId(), tieBreak, turn.number());
    }

    /** The first eligible member after {@code last} in the pool's order, wrapping round. */
    static String next(List<String> order, java.util.Set<String> eligible, String last) {
        int start = 0;
        if (last != null) {
            int at = order.indexOf(last);
            // a member no longer in the pool: continue from where its id would sort
            start = at >= 0 ? at + 1 : insertionPoint(order, last);
        }
        for (int i = 0; i < order.size(); i++) {
            String candidate = order.get((start + i) % order.size());
            if (eligible.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("an empty pool has no next member");
    }

    private static int insertionPoint(List<String> order, String missing) {
        int point = 0;
        while (point < order.size() && order.get(point).compareTo(missing) < 0) {
            point++;
        }
        return point;
    }

    private Assignment leastLoaded(AssignmentRule rule, Long version, Pool pool) {
        String chosen = null;
        long fewest = Long.MAX_VALUE;
        for (Map.Entry<String, Long> member : pool.eligible.entrySet()) {
            if (member.getValue() < fewest) {
                chosen = member.getKey();
                fewest = member.getValue();
            }
        }
        String tieBreak =
                "least loaded: " + fewest + " open, fewest of " + pool.eligible + "; ties go to the lowest user id";
        return decided(rule, version, pool, chosen, tieBreak, null);
    }

    private Assignment decided(
            AssignmentRule rule, Long version, Pool pool, String ownerId, String tieBreak, Long turn) {
        List<PassedOver> passedOver = new ArrayList<>();
        for (String candidate : pool.candidates) {
            if (candidate.equals(ownerId)) {
                continue;
            }
            passedOver.add(new PassedOver(
                    UserId.of(candidate), pool.passedOver.getOrDefault(candidate, PassOverReason.NOT_CHOSEN)));
        }
        return new Assignment(
                UserId.of(ownerId),
                new AssignmentDecision(
                        rule.ruleId(),
                        version,
                        rule.strategy(),
                        pool.candidates.stream().map(UserId::of).toList(),
                        passedOver,
                        tieBreak,
                        turn,
                        false));
    }

    private Assignment unassigned(String why, AssignmentRule rule, long version) {
        if (queueOwner == null) {
            throw new BusinessRuleException(ErrorCode.NO_ASSIGNEE, why);
        }
        return new Assignment(
                queueOwner,
                new AssignmentDecision(
                        rule == null ? null : rule.ruleId(),
                        version,
                        rule == null ? null : rule.strategy(),
                        List.of(),
                        List.of(),
                        why + "; to the unassigned queue owner " + queueOwner,
                        null,
                        true));
    }

    /** A rule's pool: every candidate in user-id order, the eligible ones with their open counts, the rest with why. */
    static final class Pool {
        final List<String> candidates = new ArrayList<>();
        final Map<String, Long> eligible = new LinkedHashMap<>();
        final Map<String, PassOverReason> passedOver = new LinkedHashMap<>();
    }
}
