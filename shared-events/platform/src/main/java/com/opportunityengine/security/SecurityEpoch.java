package com.opportunityengine.security;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * One small document, {@code security_epoch {_id: "security", epoch}}, that every write changing what a key
 * authenticates as (a revocation; a change to a user's roles, team or existence) increments after its own write and
 * before it answers. A node may answer a request from the keys it authenticated before only while the epoch it read
 * for this request is the one it read then: every request reads this one document by {@code _id}, so a revocation
 * made on any node is seen by every node from the next request.
 */
@Component
public class SecurityEpoch {

    static final String COLLECTION = "security_epoch";
    private static final String ID = "security";

    private final MongoCollection<Document> epochs;

    public SecurityEpoch(MongoDatabase database) {
        this.epochs = database.getCollection(COLLECTION);
    }

    /** The epoch now (0 before the first bump). */
    public long current() {
        Document document = epochs.find(Filters.eq("_id", ID)).first();
        return document == null ? 0 : ((Number) document.get("epoch")).longValue();
    }

    /**
     * Makes every node forget the keys it authenticated before. Call it after the write it publishes: a node that
     * reads the new epoch must find that write.
     */
    public void bump() {
        epochs.updateOne(Filters.eq("_id", ID), Updates.inc("epoch", 1L), new UpdateOptions().upsert(true));
    }
}
