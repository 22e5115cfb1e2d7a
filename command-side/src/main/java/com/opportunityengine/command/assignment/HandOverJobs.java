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

/**
 * The hand-overs, durably in the store's {@code assignment_handovers} collection, one document each: written when
 * one starts, then after every opportunity it handles (the move and the index of the next one in one update), so
 * that a hand-over cut off by a crash is resumed from the first opportunity it had not recorded.
 */
public class HandOverJobs {

    static final String COLLECTION = "assignment_handovers";

    private final MongoCollection<Document> jobs;

    public HandOverJobs(MongoDatabase database) {
        this.jobs = database.getCollection(COLLECTION);
    }

    public void start(HandOverJob job) {
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
                .append("finishedAt", job.finishedAt() == null ? null : Date.from(job.finishedAt())));
    }

    /** Records one opportunity handled: its move, and that the next one is {@code next}. */
    void handled(String jobId, HandOverJob.Move move, int next) {
        jobs.updateOne(
                Filters.eq("_id", jobId),
                Updates.combine(
                        Updates.push(
                                "moves",
                                new Document("opportunityId", move.opportunityId())
                                        .append("outcome", move.outcome())
                                        .append("toUserId", move.toUserId())),
                        Updates.set("next", next)));
    }

    void finish(String jobId, String status, String error, Instant at) {
        jobs.updateOne(
                Filters.eq("_id", jobId),
                Updates.combine(
                        Updates.set("status", status),
                        Updates.set("error", error),
                        Updates.set("finishedAt", Date.from(at))));
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
