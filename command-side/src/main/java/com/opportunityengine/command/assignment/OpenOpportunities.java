package com.opportunityengine.command.assignment;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The command side's own record of who owns which open opportunity, for capacity and LEAST_LOADED (the
 * command side never reads the query side's views): one document per opportunity in
 * {@code assignment_open} ({@code _id} = opportunity id, {@code ownerId}, {@code open}), set with plain
 * {@code $set} upserts so that writing the same event twice changes nothing. {@link OpenOpportunityTracker}
 * writes it once the events of a command are appended, in that command's unit of work.
 */
public class OpenOpportunities {

    static final String COLLECTION = "assignment_open";

    private final MongoCollection<Document> open;

    public OpenOpportunities(MongoDatabase database) {
        this.open = database.getCollection(COLLECTION);
    }

    /** The open opportunities the user owns. */
    public long count(String userId) {
        return open.countDocuments(Filters.and(Filters.eq("ownerId", userId), Filters.eq("open", true)));
    }

    /** The ids of the open opportunities the user owns, in id order. */
    public List<String> ownedOpen(String userId) {
        List<String> ids = new ArrayList<>();
        open.find(Filters.and(Filters.eq("ownerId", userId), Filters.eq("open", true)))
                .projection(Projections.include("_id"))
                .forEach(document -> ids.add(document.getString("_id")));
        Collections.sort(ids);
        return ids;
    }

    /** The owner the ledger knows for an opportunity, null when it knows none. */
    public String owner(String opportunityId) {
        Document document = open.find(Filters.eq("_id", opportunityId)).first();
        return document == null ? null : document.getString("ownerId");
    }

    void opened(String opportunityId, String ownerId, Instant at) {
        upsert(
                opportunityId,
                Updates.combine(
                        Updates.set("ownerId", ownerId),
                        Updates.set("open", true),
                        Updates.set("assignedAt", Date.from(at))));
    }

    void ownerChanged(String opportunityId, String ownerId, Instant at) {
        upsert(
                opportunityId,
                Updates.combine(Updates.set("ownerId", ownerId), Updates.set("assignedAt", Date.from(at))));
    }

    void closed(String opportunityId) {
        upsert(opportunityId, Updates.set("open", false));
    }

    void reopened(String opportunityId) {
        upsert(opportunityId, Updates.set("open", true));
    }

    private void upsert(String opportunityId, Bson update) {
        open.updateOne(Filters.eq("_id", opportunityId), update, new UpdateOptions().upsert(true));
    }
}
