package com.opportunityengine.command.assignment;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.opportunityengine.events.assignment.AssignmentStrategy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The hand-overs, durably in the store's {@code assignment_handovers} collection, one document each: written when
 * one starts, then after every opportunity it handles (the move and the index of the next one in one update), so
 * that a hand-over cut off by a crash is resumed from the first opportunity it had not recorded. The node running
 * one holds a lease on it ({@code runner}, {@code leaseUntil}), renewed with every opportunity: a job whose lease
 * ran out is taken over by another node, and two nodes never run one job at once.
 */
public class HandOverJobs {

    static final String COLLECTION = "assignment_handovers";

    private final MongoCollection<Document> jobs;

    public HandOverJobs(MongoDatabase database) {
        this.jobs = database.getCollection(COLLECTION);
    }

    /** Stores a new hand-over nobody runs yet (the next node to look claims it). */
    public void start(HandOverJob job) {
        start(job, null, null);
    }

    /** Stores a new hand-over, claimed by {@code runner} until {@code leaseUntil} (both null: unclaimed). */
    public void start(HandOverJob job, String runner, Instant leaseUntil) {
        jobs.insertOne(new Document("_id", job.jobId())
                .append("fromUserId", job.fromUserId())
                .append("teamId", job.target().teamId())
                .append("userIds", job.target().userIds())
                .append("strategy", job.strategy().name())
                .append("status", job.status())
                .append("opportunityIds", job.opportunityIds())
                .append("next", job.next())
                .append("moves", List.of())
                .append("requestedBy", job.requestedBy())
                .append("startedAt", Date.from(job.startedAt()))
                .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt()))
                .append("runner", runner)
                .append("leaseUntil", leaseUntil == null ? null : Date.from(leaseUntil)));
    }

    /**
     * Takes (or renews) the lease on a RUNNING hand-over for {@code runner}: it succeeds when the job is unclaimed,
     * already {@code runner}'s, or its lease ran out at {@code now} (its node stopped or died). One update, so two
     * nodes never both take it.
     */
    boolean claim(String jobId, String runner, Instant now, Instant leaseUntil) {
        return jobs.updateOne(
                                Filters.and(
                                        Filters.eq("_id", jobId),
                                        Filters.eq("status", "RUNNING"),
                                        Filters.or(
                                                Filters.eq("runner", runner),
                                                Filters.eq("runner", null),
                                                Filters.lt("leaseUntil", Date.from(now)))),
                                Updates.combine(
                                        Updates.set("runner", runner),
                                        Updates.set("leaseUntil", Date.from(leaseUntil))))
                        .getMatchedCount()
                == 1;
    }

    /** Records one opportunity handled: its move, and that the next one is {@code next}. */
    void handled(String jobId, HandOverJob.Move move, int next) {
        jobs.updateOne(Filters.eq("_id", jobId), handledUpdate(move, next));
    }

    /**
     * As {@link #handled(String, HandOverJob.Move, int)}, by the node holding the lease, which it renews; false (and
     * nothing recorded) when another node has taken the job over.
     */
    boolean handled(String jobId, String runner, HandOverJob.Move move, int next, Instant leaseUntil) {
        return jobs.updateOne(
                                Filters.and(Filters.eq("_id", jobId), Filters.eq("runner", runner)),
                                Updates.combine(
                                        handledUpdate(move, next), Updates.set("leaseUntil", Date.from(leaseUntil))))
                        .getMatchedCount()
                == 1;
    }

    private static Bson handledUpdate(HandOverJob.Move move, int next) {
        return Updates.combine(
                Updates.push(
                        "moves",
                        new Document("opportunityId", move.opportunityId())
                                .append("outcome", move.outcome())
                                .append("toUserId", move.toUserId())),
                Updates.set("next", next));
    }

    /** Ends a hand-over held by {@code runner}; false when another node has taken it over. */
    boolean finish(String jobId, String runner, String status, String error, Instant at) {
        return jobs.updateOne(
                                Filters.and(Filters.eq("_id", jobId), Filters.eq("runner", runner)),
                                Updates.combine(
                                        Updates.set("status", status),
                                        Updates.set("error", error),
                                        Updates.set("finishedAt", Date.from(at)),
                                        Updates.set("leaseUntil", null)))
                        .getMatchedCount()
                == 1;
    }

    public Optional<HandOverJob> find(String jobId) {
        return Optional.ofNullable(jobs.find(Filters.eq("_id", jobId)).first()).map(HandOverJobs::toJob);
    }

    /** The hand-overs still RUNNING: cut off by a stop or a crash, to resume. */
    List<HandOverJob> running() {
        List<HandOverJob> running = new ArrayList<>();
        jobs.find(Filters.eq("status", "RUNNING")).forEach(document -> running.add(toJob(document)));
        return running;
    }

    private static HandOverJob toJob(Document document) {
        List<HandOverJob.Move> moves = new ArrayList<>();
        for (Document move : document.getList("moves", Document.class, List.of())) {
            moves.add(new HandOverJob.Move(
                    move.getString("opportunityId"), move.getString("outcome"), move.getString("toUserId")));
        }
        Date finished = document.getDate("finishedAt");
        return new HandOverJob(
                document.getString("_id"),
                document.getString("fromUserId"),
                new AssignTo(document.getString("teamId"), document.getList("userIds", String.class)),
                AssignmentStrategy.valueOf(document.getString("strategy")),
                document.getString("status"),
                document.getList("opportunityIds", String.class, List.of()),
                document.getInteger("next", 0),
                moves,
                document.getString("requestedBy"),
                document.getDate("startedAt").toInstant(),
                finished == null ? null : finished.toInstant(),
                document.getString("error"));
    }
}
