package com.opportunityengine.store.embedded;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import java.nio.file.Path;
import org.bson.Document;

/**
 * Child JVM of {@link JournalKillTest}: the embedded store in journal mode, four threads inserting with a journaled
 * write concern (printing "ACK &lt;id&gt;" for each acknowledged insert) and one incrementing a counter (printing
 * "INC &lt;value&gt;"), until it is killed.
 */
public final class JournalKillChild {

    static final int WRITERS = 4;

    public static void main(String[] args) throws InterruptedException {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), 0, 16, 0, true);
        MongoClient client = MongoClients.create(server.connectionString());
        MongoCollection<Document> events =
                client.getDatabase("kill").getCollection("events").withWriteConcern(WriteConcern.JOURNALED);
        MongoCollection<Document> counters =
                client.getDatabase("kill").getCollection("counters").withWriteConcern(WriteConcern.JOURNALED);
        counters.insertOne(new Document("_id", "c").append("n", 0));
        System.out.println("READY");
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> {
                for (long i = 0; ; i++) {
                    String id = writer + "-" + i;
                    events.insertOne(new Document("_id", id).append("payload", "x".repeat(200)));
                    print("ACK " + id);
                }
            });
            thread.start();
        }
        while (true) {
            Document after = counters.findOneAndUpdate(
                    Filters.eq("_id", "c"),
                    Updates.inc("n", 1),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            print("INC " + after.getInteger("n"));
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
