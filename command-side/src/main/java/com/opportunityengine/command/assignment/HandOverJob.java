package com.opportunityengine.command.assignment;

import com.opportunityengine.events.assignment.AssignmentStrategy;
import java.time.Instant;
import java.util.List;

/**
 * A hand-over as stored: what it moves (the open opportunities of {@code fromUserId} when it started, in id
 * order), where to, how far it got ({@code next}: the index of the first opportunity not handled yet), what it
 * did with each handled one, and its status (RUNNING, DONE, FAILED).
 */
public record HandOverJob(
        String jobId,
        String fromUserId,
        AssignTo target,
        AssignmentStrategy strategy,
        String status,
        List<String> opportunityIds,
        int next,
        List<Move> moves,
        String requestedBy,
        Instant startedAt,
        Instant finishedAt,
        String error) {

    /**
     * What happened to one opportunity: MOVED to {@code toUserId}; SKIPPED when it was closed or no longer
     * {@code fromUserId}'s when its turn came; NO_CANDIDATE when nobody of the target was available.
     */
    public record Move(String opportunityId, String outcome, String toUserId) {}

    public long moved() {
        return moves.stream().filter(move -> move.outcome().equals("MOVED")).count();
    }
}
