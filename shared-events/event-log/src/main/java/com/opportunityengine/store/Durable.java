package com.opportunityengine.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoDatabase;

/**
 * The write concern that makes an acknowledged write durable: the journal, on top of whatever the database
 * already asks for ({@code w: "majority"} on a replica set). On MongoDB the server journals before it answers;
 * the embedded store commits and syncs its file before it answers such a write (group commit). So durability
 * comes with the database bean, not with every writer remembering to wait.
 */
public final class Durable {

    /** What the engine's client writes with by default: majority, journaled. */
    public static final WriteConcern WRITE_CONCERN = WriteConcern.MAJORITY.withJournal(true);

    private Durable() {}

    /** {@code database} with its write concern journaled. */
    public static MongoDatabase writes(MongoDatabase database) {
        WriteConcern concern = database.getWriteConcern();
        if (Boolean.TRUE.equals(concern.getJournal())) {
            return database;
        }
        return database.withWriteConcern(concern.withJournal(true));
    }
}
