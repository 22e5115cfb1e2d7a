package com.opportunityengine.command.assignment.web;

import com.opportunityengine.command.assignment.AssignmentRule;
import com.opportunityengine.command.assignment.RuleSet;
import java.time.Instant;
import java.util.List;

/** A version of the rules as the API shows it. */
record RuleSetView(long version, Instant definedAt, String definedBy, List<AssignmentRule> rules) {

    static RuleSetView of(RuleSet set) {
        return new RuleSetView(set.version(), set.definedAt(), set.definedBy(), set.rules());
    }
}
