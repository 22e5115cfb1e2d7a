package com.opportunityengine.command.assignment;

import java.util.List;

/** A rule's pool: the members of a team, or users named one by one (exactly one of the two). */
public record AssignTo(String teamId, List<String> userIds) {

    public AssignTo {
        userIds = userIds == null ? null : List.copyOf(userIds);
    }
}
