package com.opportunityengine.query.winprobability;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.store.ReadModels;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * Per opportunity, what the win-probability answers need besides the learner (which forgets closed ones): its
 * pipeline, whether it is OPEN, WON or LOST now and since when. Collection {@code qv_wp_opportunities},
 * {@code _id} = opportunity id, written only when its status changes, idempotent by the event's sequence.
 */
@Component
final class OpportunityOutcomeStore {

    static final String COLLECTION = "qv_wp_opportunities";

    /** One opportunity's status as of its last status event. */
    record Outcome(
            OpportunityId opportunityId, PipelineId pipeline, String status, Instant createdAt, Instant closedAt) {}

    private final MongoCollection<Document> collection;

    OpportunityOutcomeStore(@ReadModels MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    void apply(OpportunityEvent event, long sequence) {
        if (!(event instanceof OpportunityCreated
                || event instanceof OpportunityLost
                || event instanceof OpportunityConverted
                || event instanceof OpportunityReopened)) {
            return; // no status change: nothing to read or write (a stage move used to cost a look-up)
        }
        String id = event.opportunityId().toString();
        Document current = event instanceof OpportunityCreated
                ? null
                : collection.find(new Document("_id", id)).first();
        if (current != null && ((Number) current.get("seq")).longValue() >= sequence) {
            return;
        }
        Document next;
        if (event instanceof OpportunityCreated e) {
            Document existing = collection.find(new Document("_id", id)).first();
            if (existing != null) {
                return;
            }
            next = new Document("_id", id)
                    .append("pipeline", (e.pipeline() == null ? PipelineId.DEFAULT : e.pipeline()).value())
                    .append("status", "OPEN")
                    .append("createdAt", Date.from(e.occurredAt()));
        } else if (current == null) {
            return;
        } else if (event instanceof OpportunityLost) {
            next = current.append("status", "LOST").append("closedAt", Date.from(event.occurredAt()));
        } else if (event instanceof OpportunityConverted) {
            next = current.append("status", "WON").append("closedAt", Date.from(event.occurredAt()));
        } else if (event instanceof OpportunityReopened) {
            next = current.append("status", "OPEN").append("closedAt", null);
        } else {
            return;
        }
        next.append("seq", sequence);
        collection.replaceOne(new Document("_id", id), next, new ReplaceOptions().upsert(true));
    }

    Optional<Outcome> find(OpportunityId id) {
        Document d = collection.find(new Document("_id", id.toString())).first();
        if (d == null) {
            return Optional.empty();
        }
        Date closed = d.getDate("closedAt");
        return Optional.of(new Outcome(
                id,
                PipelineId.of(d.getString("pipeline")),
                d.getString("status"),
                d.getDate("createdAt").toInstant(),
                closed == null ? null : closed.toInstant()));
    }

    void clear() {
        collection.deleteMany(new Document());
    }
}
