package com.opportunityengine.command.assignment.web;

import com.opportunityengine.command.assignment.AssignTo;
import com.opportunityengine.command.assignment.HandOverJob;
import com.opportunityengine.command.assignment.HandOvers;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.security.CurrentUser;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hand-overs (ADMIN, by the filter chain's default): {@code POST} starts one, 202 with its status and
 * {@code Location}, or 200 with zero moves when the user owns nothing open; {@code GET} answers its status.
 * 400 with field errors (nothing started) for an unknown user or team, both or neither of toTeamId and toUserIds,
 * a user named twice, the departing user among the targets, or an unknown strategy.
 */
@RestController
class HandOverController {

    private final HandOvers handOvers;
    private final AssignmentProfiles profiles;
    private final CurrentUser currentUser;

    HandOverController(HandOvers handOvers, AssignmentProfiles profiles, CurrentUser currentUser) {
        this.handOvers = handOvers;
        this.profiles = profiles;
        this.currentUser = currentUser;
    }

    @ApiResponse(responseCode = "202", description = "The hand-over started; Location names its job")
    @ApiResponse(responseCode = "200", description = "Nothing open to move: the job, DONE, with no moves")
    @PostMapping(path = "/api/assignment/reassign", consumes = "application/json")
    ResponseEntity<HandOverJob> reassign(@RequestBody(required = false) ReassignRequest request) {
        if (request == null) {
            throw Problems.exception(Problems.invalid("body", "is required"));
        }
        List<FieldProblem> errors = new ArrayList<>();
        if (request.fromUserId() == null || profiles.find(request.fromUserId()).isEmpty()) {
            errors.add(new FieldProblem("fromUserId", "is not a user"));
        }
        AssignmentStrategy strategy = null;
        try {
            strategy = AssignmentStrategy.valueOf(String.valueOf(request.strategy()));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldProblem("strategy", "must be one of " + List.of(AssignmentStrategy.values())));
        }
        AssignTo target = null;
        if ((request.toTeamId() == null) == (request.toUserIds() == null)) {
            errors.add(new FieldProblem("toTeamId", "or toUserIds: exactly one of the two is required"));
        } else if (request.toTeamId() != null) {
            if (!profiles.teamExists(request.toTeamId())) {
                errors.add(new FieldProblem("toTeamId", "is not the team of any user"));
            }
            target = new AssignTo(request.toTeamId(), null);
        } else {
            if (request.toUserIds().isEmpty() || request.toUserIds().size() > 200) {
                errors.add(new FieldProblem("toUserIds", "must name 1 to 200 users"));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.toUserIds().size(); i++) {
                String userId = request.toUserIds().get(i);
                if (userId == null || profiles.find(userId).isEmpty()) {
                    errors.add(new FieldProblem("toUserIds[" + i + "]", "is not a user"));
                } else if (!seen.add(userId)) {
                    errors.add(new FieldProblem("toUserIds[" + i + "]", "is named twice"));
                } else if (userId.equals(request.fromUserId())) {
                    errors.add(new FieldProblem("toUserIds[" + i + "]", "is the user handing over"));
                }
            }
            target = new AssignTo(null, request.toUserIds());
        }
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
        HandOverJob job = handOvers.start(
                request.fromUserId(),
                target,
                strategy,
                currentUser.requireUser().userId());
        if (job.opportunityIds().isEmpty()) {
            return ResponseEntity.ok(job);
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/assignment/reassign/" + job.jobId()))
                .body(job);
    }

    @GetMapping("/api/assignment/reassign/{jobId}")
    HandOverJob status(@PathVariable("jobId") String jobId) {
        return handOvers
                .find(jobId)
                .orElseThrow(() ->
                        Problems.exception(Problems.of(ProblemType.NOT_FOUND, "There is no hand-over " + jobId + ".")));
    }
}
