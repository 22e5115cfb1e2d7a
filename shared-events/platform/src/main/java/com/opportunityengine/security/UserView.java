package com.opportunityengine.security;

import java.time.Instant;
import java.util.List;

/** A user as the admin API shows it (never with keys). */
record UserView(String userId, String displayName, List<String> roles, String teamId, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(
                user.userId(),
                user.displayName(),
                user.roles().stream().map(Role::name).sorted().toList(),
                user.teamId(),
                user.createdAt());
    }
}
