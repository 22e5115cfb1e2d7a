package com.opportunityengine.command.assignment;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.platform.assignment.Absence;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Users, rules, turns and the open-opportunity ledger on one (embedded) store, and the {@link Assigner} over
 * them: the real components, set up in the domain's words for the assignment tests.
 */
public final class AssignmentWorld {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    public final MongoDatabase database;
    public final UserDirectory users;
    public final AssignmentProfiles profiles;
    public final AssignmentRules rules;
    public final RoundRobinTurns turns;
    public final OpenOpportunities open;
    private Map<String, CustomerTraits> customers = Map.of();
    private UserId queueOwner;

    public AssignmentWorld(MongoDatabase database) {
        this.database = database;
        this.users = new UserDirectory(database);
        this.profiles = new AssignmentProfiles(database);
        this.rules = new AssignmentRules(database);
        this.turns = new RoundRobinTurns(database);
        this.open = new OpenOpportunities(database);
    }

    public AssignmentWorld rep(String userId, String teamId) {
        return user(userId, teamId, Role.SALES_REP);
    }

    public AssignmentWorld user(String userId, String teamId, Role... roles) {
        users.create(new User(userId, userId, Set.of(roles), teamId, T0));
        return this;
    }

    public AssignmentWorld capacity(String userId, Integer maxOpen) {
        profiles.setCapacity(userId, maxOpen, true);
        return this;
    }

    public AssignmentWorld deactivated(String userId) {
        profiles.setCapacity(userId, null, false);
        return this;
    }

    public AssignmentWorld absent(String userId, Instant from, Instant to) {
        profiles.setAbsences(userId, List.of(new Absence(from, to)));
        return this;
    }

    public AssignmentWorld rules(AssignmentRule... list) {
        rules.define(List.of(list), T0, "admin");
        return this;
    }

    public AssignmentWorld customers(Map<String, CustomerTraits> traits) {
        this.customers = Map.copyOf(traits);
        return this;
    }

    public AssignmentWorld queueOwner(String userId) {
        this.queueOwner = UserId.of(userId);
        return this;
    }

    /** An opportunity the ledger counts as open and owned. */
    public AssignmentWorld owns(String userId, String opportunityId) {
        open.opened(opportunityId, userId, T0);
        return this;
    }

    public Assigner assigner() {
        return new Assigner(
                rules,
                profiles,
                turns,
                open,
                customerId -> customers.getOrDefault(customerId.toString(), CustomerTraits.UNKNOWN),
                queueOwner);
    }

    public static AssignmentRule teamRule(String ruleId, String teamId, AssignmentStrategy strategy) {
        return new AssignmentRule(ruleId, RuleMatch.ANY, new AssignTo(teamId, null), strategy);
    }

    public static AssignmentRule usersRule(String ruleId, RuleMatch match, AssignmentStrategy strategy, String... ids) {
        return new AssignmentRule(ruleId, match, new AssignTo(null, List.of(ids)), strategy);
    }
}
