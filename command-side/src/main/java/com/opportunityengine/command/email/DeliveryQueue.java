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
import org.bson.Document;

/**
 * What is due to be delivered, {@code email_queue}: one document per delivery attempt ({@code _id}
 * {@code <emailId>#<attempt>}), put there by the dispatcher's event handler once the request's event is in the log,
 * taken away once a dispatcher has dealt with it. A second put of the same attempt (a second node, a token taken
 * over) is ignored; the queue is a to-do list, the {@link DeliveryLedger} decides who sends.
 */
public class DeliveryQueue {

    static final String COLLECTION = "email_queue";

    private final MongoCollection<Document> queue;

    public DeliveryQueue(MongoDatabase database) {
        this.queue = database.getCollection(COLLECTION);
        queue.createIndex(Indexes.ascending("dueAt"));
    }

    /** One attempt to deliver one email, due at {@code dueAt}. */
    public record Entry(String emailId, int attempt, String opportunityId, Instant dueAt) {

        public String key() {
            return DeliveryLedger.key(emailId, attempt);
        }
    }

    public void put(Entry entry) {
        try {
            queue.insertOne(new Document("_id", entry.key())
                    .append("emailId", entry.emailId())
                    .append("attempt", entry.attempt())
                    .append("opportunityId", entry.opportunityId())
                    .append("dueAt", Date.from(entry.dueAt())));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** Up to {@code limit} entries due by {@code now}, the earliest first. */
    public List<Entry> due(Instant now, int limit) {
        List<Entry> due = new ArrayList<>();
        queue.find(Filters.lte("dueAt", Date.from(now)))
                .sort(Sorts.ascending("dueAt"))
                .limit(limit)
                .forEach(d -> due.add(new Entry(
                        d.getString("emailId"),
                        d.getInteger("attempt", 0),
                        d.getString("opportunityId"),
                        d.getDate("dueAt").toInstant())));
        return due;
    }

    public void defer(Entry entry, Instant until) {
        queue.updateOne(Filters.eq("_id", entry.key()), Updates.set("dueAt", Date.from(until)));
    }

    public void remove(Entry entry) {
        queue.deleteOne(Filters.eq("_id", entry.key()));
    }

    public long size() {
        return queue.countDocuments();
    }
}
