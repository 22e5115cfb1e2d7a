package com.opportunityengine.command.assignment.web;

import com.opportunityengine.events.common.Money;
import java.util.List;

/** The body of {@code PUT /api/assignment/rules}: the whole ordered rule set. */
record RulesRequest(List<Rule> rules) {

    record Rule(String ruleId, Match match, Target assignTo, String strategy) {}

    record Match(
            String pipeline,
            String source,
            String region,
            String industry,
            String size,
            Money amountAtLeast,
            Money amountBelow) {}

    record Target(String teamId, List<String> userIds) {}
}
