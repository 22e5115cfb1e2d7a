package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.io.BasicOutputBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serverStatus} sent as a legacy OP_QUERY on {@code admin.$cmd} (a path mongo-java-server's wire handler
 * answered itself, before the backend's door) is refused to a connection that has not authenticated, over a real
 * socket; the same command from an authenticated driver is answered.
 */
class LegacyServerStatusTest {

    private static final int OP_QUERY = 2004;
    private static final int OP_REPLY = 1;

    @TempDir
    Path data;

    private EmbeddedMongoServer server;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(data, 0, 16, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void serverStatusOverOpQueryIsUnauthorizedWithoutCredentials() throws IOException {
        BsonDocument answer = legacyCommand(new BsonDocument("serverStatus", new BsonInt32(1)));

        assertThat(answer.getNumber("ok").intValue()).isZero();
        assertThat(answer.getInt32("code").getValue()).isEqualTo(StoreAuthentication.UNAUTHORIZED);
        assertThat(answer).doesNotContainKeys("host", "pid", "process", "uptime");
    }

    @Test
    void pingOverOpQueryIsStillAnswered() throws IOException {
        BsonDocument answer = legacyCommand(new BsonDocument("ping", new BsonInt32(1)));

        assertThat(answer.getNumber("ok").intValue()).isEqualTo(1);
    }

    @Test
    void anAuthenticatedDriverGetsTheServerStatus() {
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build())) {
            org.bson.Document status = client.getDatabase("admin").runCommand(new org.bson.Document("serverStatus", 1));
            assertThat(status.get("ok", Number.class).intValue()).isEqualTo(1);
            assertThat(status).containsKeys("host", "pid");
        }
    }

    /** One OP_QUERY on {@code admin.$cmd} over a fresh, unauthenticated socket; the first document of the OP_REPLY. */
    private BsonDocument legacyCommand(BsonDocument command) throws IOException {
        BasicOutputBuffer body = new BasicOutputBuffer();
        body.writeInt32(0); // flags
        body.writeCString("admin.$cmd");
        body.writeInt32(0); // numberToSkip
        body.writeInt32(-1); // numberToReturn
        new BsonDocumentCodec()
                .encode(
                        new BsonBinaryWriter(body),
                        command,
                        EncoderContext.builder().build());
        byte[] payload = body.toByteArray();
        ByteBuffer message = ByteBuffer.allocate(16 + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(16 + payload.length).putInt(7).putInt(0).putInt(OP_QUERY).put(payload);

        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(message.array());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] lengthBytes = new byte[4];
            in.readFully(lengthBytes);
            int length =
                    ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] rest = new byte[length - 4];
            in.readFully(rest);
            ByteBuffer reply = ByteBuffer.wrap(rest).order(ByteOrder.LITTLE_ENDIAN);
            reply.getInt(); // requestID
            assertThat(reply.getInt()).as("responseTo").isEqualTo(7);
            assertThat(reply.getInt()).as("opCode").isEqualTo(OP_REPLY);
            reply.getInt(); // responseFlags
            reply.getLong(); // cursorID
            reply.getInt(); // startingFrom
            assertThat(reply.getInt()).as("numberReturned").isEqualTo(1);
            byte[] document = new byte[reply.remaining()];
            reply.get(document);
            return new RawBsonDocument(document).decode(new BsonDocumentCodec());
        }
    }
}
