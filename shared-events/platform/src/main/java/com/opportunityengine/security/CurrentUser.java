package com.opportunityengine.security;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The authenticated user of the current request, and what follows from it: the team a manager's
 * commands carry (the command side's actor) and the {@link AccessScope} queries filter by. A
 * manager's team is read from the users collection on every call (never cached).
 */
@Component
public class CurrentUser {

    private final UserDirectory users;

    public CurrentUser(UserDirectory users) {
        this.users = users;
    }

    public Optional<User> user() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof UserAuthentication user ? Optional.of(user.getPrincipal()) : Optional.empty();
    }

    /** The authenticated user; a request without one sends no command and reads nothing. */
    public User requireUser() {
        return user().orElseThrow(() -> new IllegalStateException("no authenticated user sends this request"));
    }

    /** What the current user sees; nothing at all without an authenticated user. */
    public AccessScope scope() {
        Optional<User> found = user();
        if (found.isEmpty()) {
            return new AccessScope(false, "", Set.of());
        }
        User user = found.get();
        if (user.has(Role.ADMIN) || user.has(Role.SERVICE) || user.has(Role.ANALYST) || user.has(Role.AUDITOR)) {
            return AccessScope.everything(user.userId());
        }
        Set<String> owners = new LinkedHashSet<>(teamOf(user));
        owners.add(user.userId());
        return new AccessScope(false, user.userId(), owners);
    }

    /** For a sales manager, the ids of the users of their team (read now); nobody for anyone else. */
    public Set<String> teamOf(User user) {
        return user.has(Role.SALES_MANAGER) ? users.teamUsers(user.teamId()) : Set.of();
    }
}
