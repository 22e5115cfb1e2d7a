package com.opportunityengine.command.assignment;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;

/**
 * Each rule's round-robin turns, durably in the store: turn n of rule r is one document in
 * {@code assignment_turns} with {@code _id} "r#n" and the user it went to. A turn is taken by inserting
 * the next one; the unique {@code _id} lets exactly one of two command nodes (or threads) have it, and the
 * other chooses again after the turn it lost. This holds on the embedded store as on MongoDB, which a
 * conditional update or {@code $inc} on one cursor document would not on the embedded store (its
 * concurrent {@code findOneAndUpdate} answers duplicates, docs/DESIGN). {@code assignment_cursors} keeps
 * each rule's highest known turn as a hint where to look; the turns themselves are the authority.
 */
public class RoundRobinTurns {

    static final String TURNS = "assignment_turns";
    static final String CURSORS = "assignment_cursors";

    private final MongoCollection<Document> turns;
    private final MongoCollection<Document> cursors;

    public RoundRobinTurns(MongoDatabase database) {
        this.turns = database.getCollection(TURNS);
        this.cursors = database.getCollection(CURSORS);
    }

    /** A turn taken: its number and the user it went to. */
    public record Turn(long number, String userId) {}

    /**
     * Takes the rule's next turn. {@code choose} gets the user of the rule's last turn (null before its
     * first) and answers whom this turn goes to.
     */
    public Turn take(String ruleId, Function<String, String> choose, Instant at) {
        long last = hint(ruleId);
        while (true) {
            while (turn(ruleId, last + 1) != null) {
                last++;
            }
            Document previous = last == 0 ? null : turn(ruleId, last);
            String userId = choose.apply(previous == null ? null : previous.getString("userId"));
            long number = last + 1;
            try {
                turns.insertOne(new Document("_id", key(ruleId, number))
                        .append("ruleId", ruleId)
                        .append("turn", number)
                        .append("userId", userId)
                        .append("at", Date.from(at)));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                continue; // another node took this turn: choose again after it
            }
            cursors.updateOne(Filters.eq("_id", ruleId), Updates.max("turn", number), new UpdateOptions().upsert(true));
            return new Turn(number, userId);
        }
    }

    /** The users of a rule's turns, in turn order (for tests and the docs' checks). */
    public List<String> history(String ruleId) {
        return turns.find(Filters.eq("ruleId", ruleId)).into(new java.util.ArrayList<Document>()).stream()
                .sorted(java.util.Comparator.comparingLong(document -> document.getLong("turn")))
                .map(document -> document.getString("userId"))
                .toList();
    }

    private long hint(String ruleId) {
        Document cursor = cursors.find(Filters.eq("_id", ruleId)).first();
        return cursor == null ? 0 : ((Number) cursor.get("turn")).longValue();
    }

    private Document turn(String ruleId, long number) {
        return turns.find(Filters.eq("_id", key(ruleId, number))).first();
    }

    private static String key(String ruleId, long number) {
        return ruleId + "#" + number;
    }
}
