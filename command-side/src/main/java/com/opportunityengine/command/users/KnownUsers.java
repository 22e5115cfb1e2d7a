package com.opportunityengine.command.users;

import com.opportunityengine.events.common.UserId;
import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.security.SecurityEpoch;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether a user id that a command makes an owner or a team member names a user of the {@link UserDirectory}: an
 * unknown one is refused (400, field error, nothing appended) rather than made the owner of an opportunity nobody can
 * sign in as. {@code engine.users.require-known-owners=false} turns the check off (for data sets and test fixtures
 * that name owners freely); it is on by default.
 *
 * <p>A user found is remembered with the {@link SecurityEpoch} asked before finding it and answered from memory while
 * the epoch is unchanged (a write that removes a user bumps it); a user not found is not remembered, so a user created
 * since is known at once.
 */
@Component
public class KnownUsers {

    /** At most this many users are remembered; past it the memory starts afresh. */
    static final int REMEMBERED = 10_000;

    private final UserDirectory users;
    private final SecurityEpoch epoch;
    private final boolean required;
    private final Map<String, Long> found = new ConcurrentHashMap<>();

    public KnownUsers(
            UserDirectory users,
            SecurityEpoch epoch,
            @Value("${engine.users.require-known-owners:true}") boolean required) {
        this.users = users;
        this.epoch = epoch;
        this.required = required;
    }

    /** Whether the id names a user (always true with the check turned off). */
    public boolean known(UserId userId) {
        if (!required) {
            return true;
        }
        String id = userId.toString();
        // asked before the read: a removal between the two leaves the entry on the older epoch
        long now = epoch.current();
        Long foundAt = found.get(id);
        if (foundAt != null && foundAt == now) {
            return true;
        }
        if (users.find(id).isEmpty()) {
            found.remove(id);
            return false;
        }
        if (found.size() >= REMEMBERED) {
            found.clear();
        }
        found.put(id, now);
        return true;
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
