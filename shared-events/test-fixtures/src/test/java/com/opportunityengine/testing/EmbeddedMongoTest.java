package com.opportunityengine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EmbeddedMongoTest {

    @RegisterExtension
    static final EmbeddedMongo mongo = new EmbeddedMongo();

    @Test
    void aDatabaseIsReachedThroughTheDriverAndStartsEmpty() {
        MongoDatabase database = mongo.database("fixture");
        database.getCollection("docs").insertOne(new Document("_id", "a").append("n", 1));
        assertThat(database.getCollection("docs").find(new Document("_id", "a")).first())
                .containsEntry("n", 1);

        assertThat(mongo.database("fixture").getCollection("docs").countDocuments())
                .isZero();
    }
}
