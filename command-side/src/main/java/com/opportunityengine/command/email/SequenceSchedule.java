package com.opportunityengine.command.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The durable schedule of the sequences' steps, {@code email_sequence_steps}: one document per step of an enrolment,
 * its {@code _id} the step's derived email id. The schedule's event handler ({@link SequenceScheduler}) puts a step
 * there (a second put is ignored), the step rounds of every node ({@link SequenceSteps}) claim a due one with a lease
 * (a conditional update: one node at a time holds it) and send it; a stop or an unenrolment cancels what is pending.
 */
public class SequenceSchedule {

    static final String COLLECTION = "email_sequence_steps";

    /** Waiting for its due time (or for its lease to run out). */
    public static final String PENDING = "PENDING";
    /** Sent to the opportunity, which took it (its email requested, or its enrolment stopped instead). */
    public static final String DONE = "DONE";
    /** Its email's request is in the opportunity's log. */
    public static final String REQUESTED = "REQUESTED";
    /** Its enrolment ended before it was due. */
    public static final String CANCELLED = "CANCELLED";
    /** The opportunity refused it for a reason that will not go away by itself (e.g. no recipient). */
    public static final String FAILED = "FAILED";

    private static final Date NEVER = new Date(0);

    private final MongoCollection<Document> steps;

    public SequenceSchedule(MongoDatabase database) {
        this.steps = database.getCollection(COLLECTION);
        steps.createIndex(Indexes.ascending("status", "dueAt"));
        steps.createIndex(Indexes.ascending("opportunityId"));
    }

    /** One step of one enrolment, due at {@code dueAt}; {@code emailId} is its derived email id. */
    public record Step(
            String emailId,
            String opportunityId,
            String sequenceId,
            int sequenceVersion,
            int enrolment,
            int step,
            String templateId,
            int templateVersion,
            Instant dueAt,
            String status,
            String error) {}

    /** Schedules the step unless it is already (a repeat of its event is ignored). */
    public void schedule(Step step) {
        try {
            steps.insertOne(new Document("_id", step.emailId())
                    .append("opportunityId", step.opportunityId())
                    .append("sequenceId", step.sequenceId())
                    .append("sequenceVersion", step.sequenceVersion())
                    .append("enrolment", step.enrolment())
                    .append("step", step.step())
                    .append("templateId", step.templateId())
                    .append("templateVersion", step.templateVersion())
                    .append("dueAt", Date.from(step.dueAt()))
                    .append("status", PENDING)
                    .append("leaseOwner", null)
                    .append("leaseUntil", NEVER));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /**
     * Claims the earliest step due by {@code now} whose lease is free (never taken, or run out) for {@code node}
     * until {@code now + lease}: a conditional update, so two nodes never hold one step's lease at once.
     */
    public Optional<Step> claimDue(String node, Instant now, Duration lease) {
        Document claimed = steps.findOneAndUpdate(
                Filters.and(
                        Filters.eq("status", PENDING),
                        Filters.lte("dueAt", Date.from(now)),
                        Filters.lte("leaseUntil", Date.from(now))),
                Updates.combine(Updates.set("leaseOwner", node), Updates.set("leaseUntil", Date.from(now.plus(lease)))),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("dueAt")).returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(claimed).map(SequenceSchedule::toStep);
    }

    /** The outcome of a step this node holds the lease of; nothing when it is no longer pending or no longer its. */
    public void finish(String emailId, String node, String status, String error) {
        steps.updateOne(
                Filters.and(Filters.eq("_id", emailId), Filters.eq("status", PENDING), Filters.eq("leaseOwner", node)),
                Updates.combine(Updates.set("status", status), Updates.set("error", error)));
    }

    /** The step's email was requested (its event is in the log). */
    public void requested(String emailId) {
        steps.updateOne(
                Filters.and(Filters.eq("_id", emailId), Filters.in("status", PENDING, DONE)),
                Updates.set("status", REQUESTED));
    }

    /** Cancels the opportunity's pending steps; answers how many. */
    public long cancel(String opportunityId) {
        return steps.updateMany(
                        Filters.and(Filters.eq("opportunityId", opportunityId), Filters.eq("status", PENDING)),
                        Updates.set("status", CANCELLED))
                .getModifiedCount();
    }

    public Optional<Step> find(String emailId) {
        return Optional.ofNullable(steps.find(Filters.eq("_id", emailId)).first())
                .map(SequenceSchedule::toStep);
    }

    /** The opportunity's steps, by enrolment and step. */
    public List<Step> of(String opportunityId) {
        List<Step> found = new ArrayList<>();
        steps.find(Filters.eq("opportunityId", opportunityId))
                .sort(Sorts.ascending("enrolment", "step"))
                .forEach(document -> found.add(toStep(document)));
        return found;
    }

    private static Step toStep(Document document) {
        return new Step(
                document.getString("_id"),
                document.getString("opportunityId"),
                document.getString("sequenceId"),
                document.getInteger("sequenceVersion"),
                document.getInteger("enrolment"),
                document.getInteger("step"),
                document.getString("templateId"),
                document.getInteger("templateVersion"),
                document.getDate("dueAt").toInstant(),
                document.getString("status"),
                document.getString("error"));
    }
}
