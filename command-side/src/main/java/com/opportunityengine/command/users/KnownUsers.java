package com.opportunityengine.command.users;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import java.time.Instant;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether a user id that a command makes an owner or a team member names a user of the {@link UserDirectory}: an
 * unknown one is refused (400, field error, nothing appended) rather than made the owner of an opportunity nobody can
 * sign in as. {@code engine.users.require-known-owners=false} turns the check off (for data sets and test fixtures
 * that name owners freely); it is on by default.
 */
@Component
public class KnownUsers {

    private final UserDirectory users;
    private final boolean required;

    public KnownUsers(UserDirectory users, @Value("${engine.users.require-known-owners:true}") boolean required) {
        this.users = users;
        this.required = required;
    }

    /** Whether the id names a user (always true with the check turned off). */
    public boolean known(UserId userId) {
        return !required || users.find(userId.toString()).isPresent();
    }

    /** Registers the user (no roles, no team) unless there is one with this id already. */
    public void registerIfMissing(UserId userId, String displayName, Instant at) {
        if (users.find(userId.toString()).isEmpty()) {
            users.create(new User(userId.toString(), displayName, Set.of(), null, at));
        }
    }

    /** Refuses an id (when not null) that names no user, as a field error of {@code field}. */
    public void require(String field, UserId userId) {
        if (userId != null && !known(userId)) {
            throw new InvalidInputException(
                    field, "names no user: '" + userId + "' is not a user of the engine (create it first)");
        }
    }
}
