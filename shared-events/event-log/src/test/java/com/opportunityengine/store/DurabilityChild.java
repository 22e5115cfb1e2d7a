package com.opportunityengine.store;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import java.nio.file.Path;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Child JVM of {@link EmbeddedStoreKillTest}: appends events through the engine on the embedded
 * store and prints "ACK &lt;event id&gt;" for each append that returned, until it is killed.
 */
public final class DurabilityChild {

    public static void main(String[] args) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(Path.of(args[0]), 0, 16, 0);
        MongoClient client = MongoClients.create(server.connectionString());
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        MongoEventLogStorageEngine engine = MongoEventLogStorageEngine.builder()
                .database(client.getDatabase("kill"))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        System.out.println("READY");
        System.out.flush();
        for (long i = 0; ; i++) {
            GenericDomainEventMessage<String> event =
                    new GenericDomainEventMessage<>("Opportunity", "opp-" + (i % 10), i / 10, "event " + i);
            engine.appendEvents(event);
            System.out.println("ACK " + event.getIdentifier());
            System.out.flush();
        }
    }
}
