package com.opportunityengine.command.email;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

/**
 * The suppression list, {@code email_suppressions}, one document per address reference ({@link Addresses}): an
 * address is suppressed once it unsubscribed, bounced hard or complained, or bounced softly {@value #SOFT_LIMIT}
 * times within {@value #SOFT_WEEKS} weeks, the first and the last more than a week apart. A suppression is kept
 * with its first reason; it is never lifted by the engine.
 */
public class Suppressions {

    static final String COLLECTION = "email_suppressions";
    static final int SOFT_LIMIT = 5;
    static final int SOFT_WEEKS = 13;

    public static final String UNSUBSCRIBED = "UNSUBSCRIBED";
    public static final String HARD_BOUNCE = "HARD_BOUNCE";
    public static final String COMPLAINT = "COMPLAINT";
    public static final String SOFT_BOUNCES = "SOFT_BOUNCES";

    private final MongoCollection<Document> suppressions;

    public Suppressions(MongoDatabase database) {
        this.suppressions = database.getCollection(COLLECTION);
    }

    public Optional<Suppression> find(String reference) {
        Document document = suppressions.find(Filters.eq("_id", reference)).first();
        if (document == null || document.getString("reason") == null) {
            return Optional.empty();
        }
        return Optional.of(new Suppression(
                reference,
                document.getString("reason"),
                document.getDate("since").toInstant(),
                document.getString("emailId")));
    }

    /** Suppresses the address unless it is already (idempotent: the first reason stays). */
    public void suppress(String reference, String reason, Instant at, String emailId) {
        suppressions.updateOne(
                Filters.and(Filters.eq("_id", reference), Filters.eq("reason", null)),
                Updates.combine(
                        Updates.set("reason", reason),
                        Updates.set("since", Date.from(at)),
                        Updates.set("emailId", emailId)),
                new UpdateOptions().upsert(false));
        if (find(reference).isEmpty()) {
            try {
                suppressions.insertOne(new Document("_id", reference)
                        .append("reason", reason)
                        .append("since", Date.from(at))
                        .append("emailId", emailId)
                        .append("softBounces", List.of()));
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                suppress(reference, reason, at, emailId); // a soft bounce made the document meanwhile
            }
        }
    }

    /**
     * Records a soft bounce of one email (once per email) and suppresses the address when they have become too many;
     * answers whether it is suppressed now.
     */
    public boolean softBounce(String reference, Instant at, String emailId) {
        try {
            // once per email: a DSN the gateway forwards twice is counted once
            suppressions.updateOne(
                    Filters.and(Filters.eq("_id", reference), Filters.ne("softBounceEmails", emailId)),
                    Updates.combine(
                            Updates.push("softBounces", Date.from(at)), Updates.push("softBounceEmails", emailId)),
                    new UpdateOptions().upsert(true));
        } catch (com.mongodb.MongoWriteException e) {
            if (e.getError().getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document document = suppressions.find(Filters.eq("_id", reference)).first();
        List<Instant> recent = new ArrayList<>();
        Instant from = at.minus(Duration.ofDays(7L * SOFT_WEEKS));
        for (Date date : document.getList("softBounces", Date.class, List.of())) {
            if (!date.toInstant().isBefore(from)) {
                recent.add(date.toInstant());
            }
        }
        recent.sort(null);
        if (recent.size() >= SOFT_LIMIT
                && Duration.between(recent.get(0), recent.get(recent.size() - 1))
                                .compareTo(Duration.ofDays(7))
                        > 0) {
            suppress(reference, SOFT_BOUNCES, at, emailId);
        }
        return find(reference).isPresent();
    }
}
