package com.opportunityengine.query.cluster;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.opportunityengine.store.ReadModels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The heartbeats of the query nodes sharing one store, in {@value #COLLECTION}: one document per node
 * ({@code _id} = node id) with the processors it runs and the time of its last heartbeat by its own clock.
 */
@Component
class NodeRegistryStore {

    static final String COLLECTION = "engine_nodes";

    private final MongoCollection<Document> nodes;

    NodeRegistryStore(@ReadModels MongoDatabase database) {
        this.nodes = database.getCollection(COLLECTION);
    }

    void beat(String nodeId, String role, Collection<String> processors, Instant startedAt, Instant now) {
        nodes.replaceOne(
                Filters.eq("_id", nodeId),
                new Document("_id", nodeId)
                        .append("role", role)
                        .append("processors", new ArrayList<>(processors))
                        .append("startedAt", Date.from(startedAt))
                        .append("heartbeatAt", Date.from(now)),
                new ReplaceOptions().upsert(true));
    }

    /** The nodes whose last heartbeat is at or after {@code since}. */
    List<QueryNode> beatingSince(Instant since) {
        List<QueryNode> live = new ArrayList<>();
        for (Document node : nodes.find(Filters.gte("heartbeatAt", Date.from(since)))) {
            live.add(new QueryNode(
                    node.getString("_id"),
                    node.getString("role"),
                    node.getList("processors", String.class, List.of()),
                    node.getDate("heartbeatAt").toInstant()));
        }
        return live;
    }

    void remove(String nodeId) {
        nodes.deleteOne(Filters.eq("_id", nodeId));
    }
}
