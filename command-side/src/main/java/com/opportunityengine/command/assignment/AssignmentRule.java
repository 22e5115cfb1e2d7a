package com.opportunityengine.command.assignment;

import com.opportunityengine.events.assignment.AssignmentStrategy;

/** One rule of the ordered set: what it matches, whom it assigns to, and how it chooses. */
public record AssignmentRule(String ruleId, RuleMatch match, AssignTo assignTo, AssignmentStrategy strategy) {}
