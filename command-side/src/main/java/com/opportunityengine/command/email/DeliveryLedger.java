package com.opportunityengine.command.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The durable delivery ledger, {@code email_deliveries}: one document per delivery attempt, {@code _id}
 * {@code <emailId>#<attempt>}, inserted by the dispatcher that claims the attempt <em>before</em> it talks to the
 * mail server. The unique {@code _id} lets exactly one claim succeed, whichever node, thread, replay or restart
 * tries; a claim is never deleted, so an attempt is claimed once for good. A claim goes from {@code CLAIMED} to
 * {@code SENT} or {@code FAILED} (or {@code SUPPRESSED} without a send), or to {@code UNKNOWN} when its node stopped
 * before it could say; {@code recorded} says whether the outcome is in the log yet.
 */
public class DeliveryLedger {

    static final String COLLECTION = "email_deliveries";
    public static final String CLAIMED = "CLAIMED";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String SUPPRESSED = "SUPPRESSED";
    public static final String UNKNOWN = "UNKNOWN";

    private final MongoCollection<Document> deliveries;

    public DeliveryLedger(MongoDatabase database) {
        this.deliveries = database.getCollection(COLLECTION);
        deliveries.createIndex(Indexes.ascending("senderId", "claimedAt"));
        deliveries.createIndex(Indexes.ascending("status"));
        deliveries.createIndex(Indexes.ascending("emailId"));
    }

    public static String key(String emailId, int attempt) {
        return emailId + "#" + attempt;
    }

    /**
     * Claims the attempt for {@code node} with {@code status} (CLAIMED, or SUPPRESSED with the reason as
     * {@code note}); false when it is taken.
     */
    public boolean claim(
            DeliveryQueue.Entry entry, String senderId, String node, String status, String note, Instant at) {
        try {
            deliveries.insertOne(new Document("_id", entry.key())
                    .append("emailId", entry.emailId())
                    .append("attempt", entry.attempt())
                    .append("opportunityId", entry.opportunityId())
                    .append("senderId", senderId)
                    .append("node", node)
                    .append("status", status)
                    .append("claimedAt", Date.from(at))
                    .append("finishedAt", status.equals(CLAIMED) ? null : Date.from(at))
                    .append("smtpReply", note)
                    .append("recorded", false));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /** The claim's outcome from the mail server: SENT with the Message-ID, or FAILED with its answer. */
    public void finish(String key, String status, String messageId, String smtpReply, Instant at) {
        deliveries.updateOne(
                Filters.and(Filters.eq("_id", key), Filters.eq("status", CLAIMED)),
                Updates.combine(
                        Updates.set("status", status),
                        Updates.set("messageId", messageId),
                        Updates.set("smtpReply", smtpReply),
                        Updates.set("finishedAt", Date.from(at))));
    }

    /** A claim still CLAIMED becomes UNKNOWN; true when this call changed it. */
    public boolean markUnknown(String key, Instant at) {
        return deliveries
                        .updateOne(
                                Filters.and(Filters.eq("_id", key), Filters.eq("status", CLAIMED)),
                                Updates.combine(
                                        Updates.set("status", UNKNOWN), Updates.set("finishedAt", Date.from(at))))
                        .getModifiedCount()
                > 0;
    }

    public void recorded(String key) {
        deliveries.updateOne(Filters.eq("_id", key), Updates.set("recorded", true));
    }

    /** Claims still CLAIMED of {@code node}, or of any node claimed before {@code staleBefore}. */
    public List<Delivery> unconfirmed(String node, Instant staleBefore) {
        return list(Filters.and(
                Filters.eq("status", CLAIMED),
                Filters.or(Filters.eq("node", node), Filters.lt("claimedAt", Date.from(staleBefore)))));
    }

    /** Outcomes not yet in the log, finished before {@code before}. */
    public List<Delivery> unrecorded(Instant before) {
        return list(Filters.and(
                Filters.ne("status", CLAIMED),
                Filters.eq("recorded", false),
                Filters.lt("finishedAt", Date.from(before))));
    }

    /** The claims that count against the sender's allowance since {@code since}, the oldest first. */
    public List<Instant> sentSince(String senderId, Instant since) {
        List<Instant> times = new ArrayList<>();
        deliveries
                .find(Filters.and(
                        Filters.eq("senderId", senderId),
                        Filters.gte("claimedAt", Date.from(since)),
                        Filters.in("status", CLAIMED, SENT, UNKNOWN)))
                .sort(Sorts.ascending("claimedAt"))
                .forEach(d -> times.add(d.getDate("claimedAt").toInstant()));
        return times;
    }

    public List<Delivery> ofEmail(String emailId) {
        return list(Filters.eq("emailId", emailId));
    }

    public Optional<Delivery> find(String key) {
        List<Delivery> found = list(Filters.eq("_id", key));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public long count(String status) {
        return deliveries.countDocuments(Filters.eq("status", status));
    }

    private List<Delivery> list(Bson filter) {
        List<Delivery> found = new ArrayList<>();
        deliveries.find(filter).sort(Sorts.ascending("_id")).forEach(d -> {
            Date finished = d.getDate("finishedAt");
            found.add(new Delivery(
                    d.getString("_id"),
                    d.getString("emailId"),
                    d.getInteger("attempt", 0),
                    d.getString("opportunityId"),
                    d.getString("senderId"),
                    d.getString("node"),
                    d.getString("status"),
                    d.getDate("claimedAt").toInstant(),
                    finished == null ? null : finished.toInstant(),
                    d.getString("messageId"),
                    d.getString("smtpReply"),
                    Boolean.TRUE.equals(d.getBoolean("recorded"))));
        });
        return found;
    }
}
