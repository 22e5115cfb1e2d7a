package com.opportunityengine.query.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import com.opportunityengine.store.ReadModels;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The replay requests of the projections, in {@value #COLLECTION}: per processor ({@code _id}) the generation of its
 * latest replay, the nodes that have stopped the processor for it, the node that reset its tokens and whether that
 * is done. Every change is a conditional update on the generation, so a late node never acts on an old request.
 */
@Component
class ReplayStore {

    static final String COLLECTION = "engine_replays";

    private final MongoCollection<Document> replays;

    ReplayStore(@ReadModels MongoDatabase database) {
        this.replays = database.getCollection(COLLECTION);
    }

    /** Opens the next replay of {@code processor} and returns its generation. */
    long request(String processor, String node, Instant now) {
        Document after = replays.findOneAndUpdate(
                Filters.eq("_id", processor),
                Updates.combine(
                        Updates.inc("generation", 1L),
                        Updates.set("requestedBy", node),
                        Updates.set("requestedAt", Date.from(now)),
                        Updates.set("stopped", List.of()),
                        Updates.set("resetBy", null),
                        Updates.set("resetAt", null),
                        Updates.set("done", false)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return after.get("generation", Number.class).longValue();
    }

    Optional<Replay> find(String processor) {
        Document document = replays.find(Filters.eq("_id", processor)).first();
        if (document == null) {
            return Optional.empty();
        }
        return Optional.of(new Replay(
                processor,
                document.get("generation", Number.class).longValue(),
                document.getList("stopped", String.class, List.of()),
                document.getString("resetBy"),
                Boolean.TRUE.equals(document.getBoolean("done"))));
    }

    void stopped(String processor, long generation, String node) {
        replays.updateOne(
                Filters.and(Filters.eq("_id", processor), Filters.eq("generation", generation)),
                Updates.addToSet("stopped", node));
    }

    /** Takes the reset of this generation for {@code node}; false when another node has it. */
    boolean takeReset(String processor, long generation, String node) {
        return replays.findOneAndUpdate(
                        Filters.and(
                                Filters.eq("_id", processor),
                                Filters.eq("generation", generation),
                                Filters.eq("resetBy", null)),
                        Updates.set("resetBy", node))
                != null;
    }

    /** Gives a reset up again (it failed: a dead node's claim has not timed out yet). */
    void releaseReset(String processor, long generation, String node) {
        replays.updateOne(
                Filters.and(
                        Filters.eq("_id", processor),
                        Filters.eq("generation", generation),
                        Filters.eq("resetBy", node)),
                Updates.set("resetBy", null));
    }

    void resetDone(String processor, long generation, Instant now) {
        replays.updateOne(
                Filters.and(Filters.eq("_id", processor), Filters.eq("generation", generation)),
                Updates.combine(Updates.set("done", true), Updates.set("resetAt", Date.from(now))));
    }

    /** One replay request as stored. */
    record Replay(String processor, long generation, List<String> stopped, String resetBy, boolean done) {}
}
