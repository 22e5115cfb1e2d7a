package com.opportunityengine.command.assignment.web;

import com.opportunityengine.platform.assignment.Absence;
import com.opportunityengine.platform.assignment.AssignmentProfile;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import com.opportunityengine.security.CurrentUser;
import com.opportunityengine.security.Role;
import com.opportunityengine.security.User;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A user's capacity and absences, what assignment reads to pass them over. Capacity ({@code maxOpen},
 * {@code active}) is ADMIN only (the filter chain's default); absences may also be set by the user themself and
 * by a sales manager for a user of their team; anyone else gets 403, and a user the caller may not manage answers
 * 404 like one that does not exist. Bad input is 400 with field errors, nothing changed.
 */
@RestController
class AssignmentProfileController {

    private static final int MAX_ABSENCES = 100;

    private final AssignmentProfiles profiles;
    private final CurrentUser currentUser;

    AssignmentProfileController(AssignmentProfiles profiles, CurrentUser currentUser) {
        this.profiles = profiles;
        this.currentUser = currentUser;
    }

    @PutMapping(path = "/api/users/{userId}/capacity", consumes = "application/json")
    AssignmentProfileView capacity(
            @PathVariable("userId") String userId, @RequestBody(required = false) CapacityRequest request) {
        if (request == null) {
            throw Problems.exception(Problems.invalid("body", "is required"));
        }
        if (request.maxOpen() != null && (request.maxOpen() < 0 || request.maxOpen() > 100_000)) {
            throw Problems.exception(Problems.invalid("maxOpen", "must be 0 to 100000, or absent for no limit"));
        }
        boolean active = request.active() == null || request.active();
        if (!profiles.setCapacity(userId, request.maxOpen(), active)) {
            throw notFound(userId);
        }
        return AssignmentProfileView.of(profiles.find(userId).orElseThrow());
    }

    @PutMapping(path = "/api/users/{userId}/availability", consumes = "application/json")
    AssignmentProfileView availability(
            @PathVariable("userId") String userId, @RequestBody(required = false) AvailabilityRequest request) {
        AssignmentProfile profile = profiles.find(userId).orElseThrow(() -> notFound(userId));
        User caller = currentUser.requireUser();
        boolean manages = caller.has(Role.ADMIN)
                || caller.userId().equals(userId)
                || (caller.has(Role.SALES_MANAGER)
                        && caller.teamId() != null
                        && caller.teamId().equals(profile.teamId()));
        if (!manages) {
            throw notFound(userId);
        }
        List<Absence> absences = absences(request);
        profiles.setAbsences(userId, absences);
        return AssignmentProfileView.of(profiles.find(userId).orElseThrow());
    }

    private static List<Absence> absences(AvailabilityRequest request) {
        if (request == null || request.absences() == null) {
            throw Problems.exception(Problems.invalid("absences", "is required (an empty list clears them)"));
        }
        if (request.absences().size() > MAX_ABSENCES) {
            throw Problems.exception(Problems.invalid("absences", "must hold at most " + MAX_ABSENCES));
        }
        List<FieldProblem> errors = new ArrayList<>();
        List<Absence> absences = new ArrayList<>();
        for (int i = 0; i < request.absences().size(); i++) {
            AvailabilityRequest.Period period = request.absences().get(i);
            String at = "absences[" + i + "]";
            if (period == null || period.from() == null || period.to() == null) {
                errors.add(new FieldProblem(at, "must have from and to"));
            } else if (!period.to().isAfter(period.from())) {
                errors.add(new FieldProblem(at + ".to", "must be after from"));
            } else {
                absences.add(new Absence(period.from(), period.to()));
            }
        }
        if (!errors.isEmpty()) {
            throw Problems.exception(Problems.invalid(errors));
        }
        return absences;
    }

    private static ErrorResponseException notFound(String userId) {
        return Problems.exception(Problems.of(ProblemType.NOT_FOUND, "There is no user " + userId + "."));
    }
}
