package com.opportunityengine.events.assignment;

import com.opportunityengine.events.common.UserId;
import java.util.List;

/**
 * How the assignment rules chose an owner, recorded in the event so that a replay reads the decision and
 * never runs the rules again. {@code ruleId} and {@code ruleVersion} are null when no rule matched or no
 * member was available and the opportunity went to the unassigned queue owner ({@code queued}).
 * {@code candidates} is the rule's pool in its stable order; {@code passedOver} names every member but
 * the owner with the reason; {@code tieBreak} says in words how the owner was picked among the eligible
 * ones; {@code turn} is the rule's round-robin turn taken (null for other strategies).
 */
public record AssignmentDecision(
        String ruleId,
        Long ruleVersion,
        AssignmentStrategy strategy,
        List<UserId> candidates,
        List<PassedOver> passedOver,
        String tieBreak,
        Long turn,
        boolean queued) {

    public AssignmentDecision {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        passedOver = passedOver == null ? List.of() : List.copyOf(passedOver);
    }
}
