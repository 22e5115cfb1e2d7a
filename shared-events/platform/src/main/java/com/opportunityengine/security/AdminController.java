package com.opportunityengine.security;

import com.opportunityengine.platform.problem.FieldProblem;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Users and API keys (ADMIN only, by the filter chain). Errors are {@link Problems#exception}s carrying
 * their problem, which the app's advice answers as it is.
 */
@RestController
class AdminController {

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern TEAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private final UserDirectory users;
    private final ApiKeys keys;
    private final Clock clock;

    AdminController(UserDirectory users, ApiKeys keys, Clock clock) {
        this.users = users;
        this.keys = keys;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "201", description = "The user, created; Location names it")
    @PostMapping("/api/admin/users")
    ResponseEntity<UserView> create(@RequestBody(required = false) CreateUserRequest request) {
        if (request == null) {
            throw invalid(Map.of("body", "is required"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (request.userId() == null || !USER_ID.matcher(request.userId()).matches()) {
            errors.put("userId", "must be 1 to 64 of [A-Za-z0-9._@-], starting with a letter or digit");
        }
        if (request.displayName() == null
                || request.displayName().isBlank()
                || request.displayName().length() > 200) {
            errors.put("displayName", "must be 1 to 200 characters");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (request.roles() == null || request.roles().isEmpty()) {
            errors.put("roles", "must name at least one of " + List.of(Role.values()));
        } else {
            for (String name : request.roles()) {
                try {
                    roles.add(Role.valueOf(String.valueOf(name)));
                } catch (IllegalArgumentException e) {
                    errors.put("roles", "must be among " + List.of(Role.values()));
                }
            }
        }
        if (request.teamId() != null && !TEAM_ID.matcher(request.teamId()).matches()) {
            errors.put("teamId", "must be 1 to 64 of [A-Za-z0-9._@-], starting with a letter or digit");
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        User user = new User(request.userId(), request.displayName().trim(), roles, request.teamId(), clock.instant());
        if (!users.create(user)) {
            throw Problems.exception(
                    Problems.of(ProblemType.ALREADY_EXISTS, "There is a user " + user.userId() + " already."));
        }
        return ResponseEntity.created(URI.create("/api/admin/users/" + user.userId()))
                .body(UserView.of(user));
    }

    @GetMapping("/api/admin/users")
    UserList list() {
        return new UserList(users.all().stream().map(UserView::of).toList());
    }

    @ApiResponse(responseCode = "201", description = "The new key, shown this once")
    @PostMapping("/api/admin/users/{userId}/api-keys")
    ResponseEntity<IssuedKey> issue(@PathVariable("userId") String userId) {
        if (users.find(userId).isEmpty()) {
            throw Problems.exception(Problems.of(ProblemType.NOT_FOUND, "There is no user " + userId + "."));
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(keys.issue(userId));
    }

    @ApiResponse(responseCode = "204", description = "Revoked (revoking twice is 204 too)")
    @DeleteMapping("/api/admin/api-keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable("keyId") String keyId) {
        if (!keys.revoke(keyId)) {
            throw Problems.exception(Problems.of(ProblemType.NOT_FOUND, "There is no API key " + keyId + "."));
        }
        return ResponseEntity.noContent().build();
    }

    private static ErrorResponseException invalid(Map<String, String> errors) {
        List<FieldProblem> list = new ArrayList<>();
        errors.forEach((field, message) -> list.add(new FieldProblem(field, message)));
        return Problems.exception(Problems.invalid(list));
    }
}
