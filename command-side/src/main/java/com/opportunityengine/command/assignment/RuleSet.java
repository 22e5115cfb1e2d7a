package com.opportunityengine.command.assignment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One version of the assignment rules, in order: the first rule that matches an opportunity decides it.
 * Version 0 is the empty set before any was defined.
 */
public record RuleSet(long version, List<AssignmentRule> rules, Instant definedAt, String definedBy) {

    static final RuleSet NONE = new RuleSet(0, List.of(), null, null);

    public RuleSet {
        rules = List.copyOf(rules);
    }

    Optional<AssignmentRule> first(AssignmentSubject subject) {
        return rules.stream().filter(rule -> rule.match().matches(subject)).findFirst();
    }

    boolean needsCustomer() {
        return rules.stream().anyMatch(rule -> rule.match().needsCustomer());
    }
}
