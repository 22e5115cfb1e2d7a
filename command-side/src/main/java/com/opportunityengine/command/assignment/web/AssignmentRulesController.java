package com.opportunityengine.command.assignment.web;

import com.opportunityengine.command.assignment.AssignTo;
import com.opportunityengine.command.assignment.AssignmentRule;
import com.opportunityengine.command.assignment.AssignmentRules;
import com.opportunityengine.command.assignment.RuleMatch;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.security.CurrentUser;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The assignment rules (ADMIN, by the filter chain's default): {@code PUT} stores the whole ordered set as the
 * next version, {@code GET} answers the current one. Every problem of a set is answered at once, 400 with field
 * errors (paths such as {@code rules[1].assignTo.teamId}), and nothing is stored: a rule id twice, a team or user
 * that does not exist, a rule with both or neither of teamId and userIds, a user named twice, a match that an
 * earlier rule already covers (the same match, or anything after a default rule), amount bounds in two
 * currencies or not below one another.
 */
@RestController
class AssignmentRulesController {

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_RULES = 200;
    private static final int MAX_USERS = 200;

    private final AssignmentRules rules;
    private final AssignmentProfiles profiles;
    private final CurrentUser currentUser;
    private final Clock clock;

    AssignmentRulesController(
            AssignmentRules rules, AssignmentProfiles profiles, CurrentUser currentUser, Clock clock) {
        this.rules = rules;
        this.profiles = profiles;
        this.currentUser = currentUser;
        this.clock = clock;
    }

    @GetMapping("/api/assignment/rules")
    RuleSetView current() {
        return RuleSetView.of(rules.current());
    }

    @PutMapping(path = "/api/assignment/rules", consumes = "application/json")
    ResponseEntity<RuleSetView> define(@RequestBody(required = false) RulesRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        List<AssignmentRule> parsed = parse(request, errors);
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
        return ResponseEntity.ok(RuleSetView.of(
                rules.define(parsed, clock.instant(), currentUser.requireUser().userId())));
    }

    private List<AssignmentRule> parse(RulesRequest request, List<FieldProblem> errors) {
        if (request == null || request.rules() == null) {
            errors.add(new FieldProblem("rules", "is required (an empty list removes every rule)"));
            return List.of();
        }
        if (request.rules().size() > MAX_RULES) {
            errors.add(new FieldProblem("rules", "must hold at most " + MAX_RULES + " rules"));
            return List.of();
        }
        List<AssignmentRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<RuleMatch> earlier = new ArrayList<>();
        boolean afterDefault = false;
        for (int i = 0; i < request.rules().size(); i++) {
            String at = "rules[" + i + "]";
            RulesRequest.Rule rule = request.rules().get(i);
            if (rule == null) {
                errors.add(new FieldProblem(at, "must be a rule"));
                continue;
            }
            int before = errors.size();
            if (rule.ruleId() == null || !RULE_ID.matcher(rule.ruleId()).matches()) {
                errors.add(new FieldProblem(
                        at + ".ruleId", "must be 1 to 64 of [A-Za-z0-9._-], starting with a letter or digit"));
            } else if (!ids.add(rule.ruleId())) {
                errors.add(new FieldProblem(at + ".ruleId", "is the id of an earlier rule"));
            }
            AssignmentStrategy strategy = strategy(rule.strategy(), at, errors);
            RuleMatch match = match(rule.match(), at, errors);
            AssignTo target = target(rule.assignTo(), at, errors);
            if (match != null) {
                if (afterDefault) {
                    errors.add(new FieldProblem(
                            at + ".match", "can never match: an earlier rule is a default that takes everything"));
                } else if (earlier.contains(match)) {
                    errors.add(
                            new FieldProblem(at + ".match", "is the match of an earlier rule, so it can never match"));
                }
                earlier.add(match);
                afterDefault |= match.equals(new RuleMatch(null, null, null, null, null, null, null));
            }
            if (errors.size() == before) {
                parsed.add(new AssignmentRule(rule.ruleId(), match, target, strategy));
            }
        }
        return parsed;
    }

    private static AssignmentStrategy strategy(String name, String at, List<FieldProblem> errors) {
        try {
            return AssignmentStrategy.valueOf(String.valueOf(name));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldProblem(at + ".strategy", "must be one of " + List.of(AssignmentStrategy.values())));
            return null;
        }
    }

    private static RuleMatch match(RulesRequest.Match match, String at, List<FieldProblem> errors) {
        if (match == null) {
            return new RuleMatch(null, null, null, null, null, null, null);
        }
        int before = errors.size();
        text(match.pipeline(), at + ".match.pipeline", errors);
        text(match.source(), at + ".match.source", errors);
        text(match.region(), at + ".match.region", errors);
        text(match.industry(), at + ".match.industry", errors);
        text(match.size(), at + ".match.size", errors);
        bound(match.amountAtLeast(), at + ".match.amountAtLeast", errors);
        bound(match.amountBelow(), at + ".match.amountBelow", errors);
        Money low = match.amountAtLeast();
        Money high = match.amountBelow();
        if (low != null && high != null) {
            if (!low.currency().equals(high.currency())) {
                errors.add(new FieldProblem(at + ".match.amountBelow", "must be in the currency of amountAtLeast"));
            } else if (high.value().compareTo(low.value()) <= 0) {
                errors.add(new FieldProblem(at + ".match.amountBelow", "must be above amountAtLeast"));
            }
        }
        return errors.size() > before
                ? null
                : new RuleMatch(
                        trim(match.pipeline()),
                        trim(match.source()),
                        trim(match.region()),
                        trim(match.industry()),
                        trim(match.size()),
                        low,
                        high);
    }

    private AssignTo target(RulesRequest.Target target, String at, List<FieldProblem> errors) {
        String field = at + ".assignTo";
        if (target == null || (target.teamId() == null) == (target.userIds() == null)) {
            errors.add(new FieldProblem(field, "must name exactly one of teamId and userIds"));
            return null;
        }
        if (target.teamId() != null) {
            if (!profiles.teamExists(target.teamId())) {
                errors.add(new FieldProblem(field + ".teamId", "is not the team of any user"));
                return null;
            }
            return new AssignTo(target.teamId(), null);
        }
        if (target.userIds().isEmpty() || target.userIds().size() > MAX_USERS) {
            errors.add(new FieldProblem(field + ".userIds", "must name 1 to " + MAX_USERS + " users"));
            return null;
        }
        Set<String> seen = new HashSet<>();
        int before = errors.size();
        for (int j = 0; j < target.userIds().size(); j++) {
            String userId = target.userIds().get(j);
            String path = field + ".userIds[" + j + "]";
            if (userId == null || profiles.find(userId).isEmpty()) {
                errors.add(new FieldProblem(path, "is not a user"));
            } else if (!seen.add(userId)) {
                errors.add(new FieldProblem(path, "is named twice"));
            }
        }
        return errors.size() > before ? null : new AssignTo(null, target.userIds());
    }

    private static void text(String value, String field, List<FieldProblem> errors) {
        if (value != null && (value.isBlank() || value.length() > 100)) {
            errors.add(new FieldProblem(field, "must be 1 to 100 characters when given"));
        }
    }

    private static void bound(Money money, String field, List<FieldProblem> errors) {
        if (money != null && money.isNegative()) {
            errors.add(new FieldProblem(field, "must not be negative"));
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
