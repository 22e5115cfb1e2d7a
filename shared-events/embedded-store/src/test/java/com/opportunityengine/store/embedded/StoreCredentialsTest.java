package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bson.BsonBinary;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store's port takes credentials (issue 19, row 11): the MongoDB Java driver without them may shake hands
 * and nothing else, with a wrong password it is refused, with the password of {@code store.key} (SCRAM-SHA-256) it
 * reads and writes; the key file is owner-only and stays the same across restarts.
 */
class StoreCredentialsTest {

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
    void aClientWithoutCredentialsCanNeitherListNorInsertNorRead() {
        try (MongoClient client = client("mongodb://127.0.0.1:" + server.port())) {
            MongoDatabase database = client.getDatabase("opportunity_engine");
            assertThat(code(() -> database.getCollection("users").insertOne(new Document("_id", "intruder"))))
                    .isEqualTo(13);
            assertThat(code(() -> database.listCollectionNames().first())).isEqualTo(13);
            assertThat(code(() -> client.listDatabaseNames().first())).isEqualTo(13);
            assertThat(code(() -> database.getCollection("users").find().first()))
                    .isEqualTo(13);
            MongoCommandException refused = (MongoCommandException)
                    thrown(() -> database.getCollection("api_keys").insertOne(new Document("_id", "k")));
            assertThat(refused.getErrorCodeName()).isEqualTo("Unauthorized");
        }
        try (MongoClient client = client(server.connectionString())) {
            assertThat(client.getDatabase("opportunity_engine")
                            .getCollection("users")
                            .countDocuments())
                    .as("nothing was inserted")
                    .isZero();
        }
    }

    @Test
    void aClientWithoutCredentialsMayStillShakeHands() {
        try (MongoClient client = client("mongodb://127.0.0.1:" + server.port())) {
            MongoDatabase admin = client.getDatabase("admin");
            Document hello = admin.runCommand(new Document("hello", 1).append("saslSupportedMechs", "admin.engine"));
            assertThat(hello.get("isWritablePrimary")).isEqualTo(true);
            assertThat(hello.getList("saslSupportedMechs", String.class)).containsExactly("SCRAM-SHA-256");
            Document isMaster =
                    admin.runCommand(new Document("isMaster", 1).append("saslSupportedMechs", "admin.engine"));
            assertThat(isMaster.get("ismaster")).isEqualTo(true);
            assertThat(isMaster.getList("saslSupportedMechs", String.class)).containsExactly("SCRAM-SHA-256");
            assertThat(admin.runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
            assertThat(admin.runCommand(new Document("buildInfo", 1)).getString("version"))
                    .isNotBlank();
        }
    }

    @Test
    void aWrongPasswordIsAuthenticationFailed() {
        String wrong = "mongodb://engine:" + "A".repeat(43) + "@127.0.0.1:" + server.port()
                + "/?authSource=admin&authMechanism=SCRAM-SHA-256";
        try (MongoClient client = client(wrong)) {
            RuntimeException refused = thrown(() -> client.getDatabase("opportunity_engine")
                    .getCollection("users")
                    .insertOne(new Document("_id", "intruder")));
            assertThat(refused).isInstanceOf(MongoSecurityException.class);
            assertThat(refused.getCause()).isInstanceOf(MongoCommandException.class);
            assertThat(((MongoCommandException) refused.getCause()).getErrorCode())
                    .isEqualTo(18);
            assertThat(((MongoCommandException) refused.getCause()).getErrorCodeName())
                    .isEqualTo("AuthenticationFailed");
        }
        try (MongoClient client = client("mongodb://someone:" + StoreKey.read(data) + "@127.0.0.1:" + server.port()
                + "/?authSource=admin&authMechanism=SCRAM-SHA-256")) {
            assertThat(thrown(() -> client.listDatabaseNames().first()))
                    .as("the right password for another user")
                    .isInstanceOf(MongoSecurityException.class);
        }
    }

    @Test
    void theRightPasswordReadsAndWrites() {
        String password = StoreKey.read(data);
        // the store's own connection string; the same without the mechanism (the driver negotiates it); a credential
        for (Consumer<MongoClientSettings.Builder> settings : List.<Consumer<MongoClientSettings.Builder>>of(
                builder -> builder.applyConnectionString(new ConnectionString(server.connectionString())),
                builder -> builder.applyConnectionString(new ConnectionString(
                        "mongodb://engine:" + password + "@127.0.0.1:" + server.port() + "/?authSource=admin")),
                builder -> builder.credential(
                                MongoCredential.createScramSha256Credential("engine", "admin", password.toCharArray()))
                        .applyToClusterSettings(
                                cluster -> cluster.hosts(List.of(new ServerAddress("127.0.0.1", server.port())))))) {
            MongoClientSettings.Builder builder = MongoClientSettings.builder()
                    .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS));
            settings.accept(builder);
            try (MongoClient client = MongoClients.create(builder.build())) {
                MongoDatabase database = client.getDatabase("opportunity_engine");
                database.getCollection("notes").insertOne(new Document("n", 1));
                assertThat(database.getCollection("notes").countDocuments()).isPositive();
                assertThat(database.listCollectionNames()).contains("notes");
                assertThat(client.listDatabaseNames()).contains("opportunity_engine");
            }
        }
        assertThat(server.connectionString("opportunity_engine"))
                .isEqualTo("mongodb://engine:" + password + "@127.0.0.1:" + server.port()
                        + "/opportunity_engine?authSource=admin&authMechanism=SCRAM-SHA-256")
                .isEqualTo(EmbeddedMongoServer.connectionString(data, server.port(), "opportunity_engine"));
    }

    @Test
    void theKeyFileIsOwnerOnlyAndStableAcrossRestarts() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path keyFile = data.resolve("store.key");
        assertThat(server.keyFile()).isEqualTo(keyFile.toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        String first = StoreKey.read(data);
        assertThat(Base64.getUrlDecoder().decode(first)).hasSize(32);

        server.close();
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        server = EmbeddedMongoServer.start(data, 0, 16, 0);
        assertThat(StoreKey.read(data)).isEqualTo(first);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        try (MongoClient client = client(EmbeddedMongoServer.connectionString(data, server.port(), ""))) {
            assertThat(client.listDatabaseNames()).isNotNull();
            client.getDatabase("opportunity_engine").getCollection("notes").insertOne(new Document("n", 2));
        }
    }

    @Test
    void anotherDataFolderHasAnotherPassword(@TempDir Path other) {
        try (EmbeddedMongoServer second = EmbeddedMongoServer.start(other, 0, 16, 0)) {
            assertThat(StoreKey.read(other)).isNotEqualTo(StoreKey.read(data));
        }
    }

    /**
     * The conversation by hand, on one connection, without {@code skipEmptyExchange}: server-first, a wrong proof
     * refused and the connection still refused; then the right proof, the server's signature checked, the empty last
     * step, and the same connection writes.
     */
    @Test
    void theScramConversationByHand() throws Exception {
        String password = StoreKey.read(data);
        try (MongoClient client = client("mongodb://127.0.0.1:" + server.port() + "/?maxPoolSize=1")) {
            MongoDatabase admin = client.getDatabase("admin");

            Exchange wrong = Exchange.start(admin, "engine");
            assertThat(wrong.serverFirst).startsWith("r=" + wrong.clientNonce);
            assertThat(wrong.iterations).isEqualTo(15000);
            byte[] badProof = wrong.proof("not-the-password");
            assertThat(code(() -> admin.runCommand(wrong.clientFinal(badProof))))
                    .isEqualTo(18);
            assertThat(code(() -> admin.runCommand(wrong.clientFinal(badProof))))
                    .as("the conversation is over")
                    .isEqualTo(18);
            assertThat(code(() -> client.getDatabase("x").getCollection("y").insertOne(new Document())))
                    .isEqualTo(13);

            Exchange nonceSwapped = Exchange.start(admin, "engine");
            BsonDocument swapped = nonceSwapped.clientFinal(nonceSwapped.proof(password));
            swapped.put(
                    "payload",
                    new BsonBinary(("c=biws,r=" + nonceSwapped.clientNonce + "X,p="
                                    + Base64.getEncoder().encodeToString(nonceSwapped.proof(password)))
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(code(() -> admin.runCommand(swapped))).isEqualTo(18);

            Exchange right = Exchange.start(admin, "engine");
            Document serverFinal = admin.runCommand(right.clientFinal(right.proof(password)));
            assertThat(serverFinal.getBoolean("done")).isFalse();
            assertThat(payload(serverFinal))
                    .isEqualTo("v=" + Base64.getEncoder().encodeToString(right.serverSignature(password)));
            Document last = admin.runCommand(new BsonDocument("saslContinue", new BsonInt32(1))
                    .append("conversationId", new BsonInt32(1))
                    .append("payload", new BsonBinary(new byte[0])));
            assertThat(last.getBoolean("done")).isTrue();
            client.getDatabase("x").getCollection("y").insertOne(new Document("by", "hand"));
            assertThat(client.getDatabase("x").getCollection("y").countDocuments())
                    .isEqualTo(1);
        }
    }

    /**
     * The first step inside the handshake ({@code speculativeAuthenticate}, what the driver sends): the handshake
     * answers the server-first message, the client goes on with {@code saslContinue}; a speculative start for an
     * unknown user is left out of the answer (the client then authenticates in full, and fails there).
     */
    @Test
    void theHandshakeStartsTheConversationSpeculatively() {
        String password = StoreKey.read(data);
        try (MongoClient client = client("mongodb://127.0.0.1:" + server.port() + "/?maxPoolSize=1")) {
            MongoDatabase admin = client.getDatabase("admin");
            Document unknown = admin.runCommand(new BsonDocument("isMaster", new BsonInt32(1))
                    .append("speculativeAuthenticate", saslStart("someone", "abc")));
            assertThat(unknown.get("ismaster")).isEqualTo(true);
            assertThat(unknown).doesNotContainKey("speculativeAuthenticate");

            String clientNonce = "c2l4dGVlbiBieXRlcyBvZiBub25jZQ";
            Document hello = admin.runCommand(new BsonDocument("hello", new BsonInt32(1))
                    .append("speculativeAuthenticate", saslStart("engine", clientNonce)));
            Document started = hello.get("speculativeAuthenticate", Document.class);
            assertThat(started.get("conversationId")).isEqualTo(1);
            assertThat(started.getBoolean("done")).isFalse();
            Exchange exchange = new Exchange(clientNonce, "n=engine,r=" + clientNonce, payload(started));
            assertThat(exchange.nonce).startsWith(clientNonce).isNotEqualTo(clientNonce);
            Document serverFinal = admin.runCommand(exchange.clientFinal(exchange.proof(password)));
            assertThat(payload(serverFinal))
                    .isEqualTo("v=" + Base64.getEncoder().encodeToString(exchange.serverSignature(password)));
            client.getDatabase("x").getCollection("y").insertOne(new Document("by", "speculation"));
        }
    }

    private static BsonDocument saslStart(String user, String clientNonce) {
        return new BsonDocument("saslStart", new BsonInt32(1))
                .append("mechanism", new BsonString("SCRAM-SHA-256"))
                .append(
                        "payload",
                        new BsonBinary(("n,,n=" + user + ",r=" + clientNonce).getBytes(StandardCharsets.UTF_8)))
                .append("db", new BsonString("admin"));
    }

    @Test
    void otherMechanismsAndDatabasesAreRefused() {
        try (MongoClient client = client("mongodb://127.0.0.1:" + server.port() + "/?maxPoolSize=1")) {
            BsonDocument sha1 = new BsonDocument("saslStart", new BsonInt32(1))
                    .append("mechanism", new BsonString("SCRAM-SHA-1"))
                    .append("payload", new BsonBinary("n,,n=engine,r=abc".getBytes(StandardCharsets.UTF_8)));
            assertThat(code(() -> client.getDatabase("admin").runCommand(sha1))).isEqualTo(334);
            BsonDocument elsewhere = new BsonDocument("saslStart", new BsonInt32(1))
                    .append("mechanism", new BsonString("SCRAM-SHA-256"))
                    .append("payload", new BsonBinary("n,,n=engine,r=abc".getBytes(StandardCharsets.UTF_8)));
            assertThat(code(() -> client.getDatabase("opportunity_engine").runCommand(elsewhere)))
                    .isEqualTo(18);
        }
    }

    /** RFC 7677's example, through the same Hi, HMAC and SHA-256 the store uses. */
    @Test
    void theKeyDerivationMatchesRfc7677() {
        String clientFirstBare = "n=user,r=rOprNGfwEbeRWgbNEkqO";
        String serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
        String withoutProof = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted = StoreAuthentication.hi("pencil", Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        byte[] clientKey = StoreAuthentication.hmac(salted, "Client Key");
        byte[] signature = StoreAuthentication.hmac(StoreAuthentication.sha256(clientKey), authMessage);
        assertThat(Base64.getEncoder().encodeToString(xor(clientKey, signature)))
                .isEqualTo("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        assertThat(Base64.getEncoder()
                        .encodeToString(
                                StoreAuthentication.hmac(StoreAuthentication.hmac(salted, "Server Key"), authMessage)))
                .isEqualTo("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    /** A client-side SCRAM-SHA-256 conversation, written from RFC 5802 for the test. */
    private static final class Exchange {
        final String clientNonce;
        final String clientFirstBare;
        final String serverFirst;
        final String nonce;
        final byte[] salt;
        final int iterations;

        private Exchange(String clientNonce, String clientFirstBare, String serverFirst) {
            this.clientNonce = clientNonce;
            this.clientFirstBare = clientFirstBare;
            this.serverFirst = serverFirst;
            String[] parts = serverFirst.split(",");
            this.nonce = parts[0].substring(2);
            this.salt = Base64.getDecoder().decode(parts[1].substring(2));
            this.iterations = Integer.parseInt(parts[2].substring(2));
        }

        static Exchange start(MongoDatabase admin, String user) {
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String clientNonce = Base64.getEncoder().encodeToString(random);
            String bare = "n=" + user + ",r=" + clientNonce;
            Document answer = admin.runCommand(new BsonDocument("saslStart", new BsonInt32(1))
                    .append("mechanism", new BsonString("SCRAM-SHA-256"))
                    .append("payload", new BsonBinary(("n,," + bare).getBytes(StandardCharsets.UTF_8))));
            assertThat(answer.getBoolean("done")).isFalse();
            assertThat(answer.get("conversationId")).isEqualTo(1);
            return new Exchange(clientNonce, bare, payload(answer));
        }

        String authMessage() {
            return clientFirstBare + "," + serverFirst + ",c=biws,r=" + nonce;
        }

        byte[] proof(String password) {
            byte[] salted = StoreAuthentication.hi(password, salt, iterations);
            byte[] clientKey = StoreAuthentication.hmac(salted, "Client Key");
            return xor(clientKey, StoreAuthentication.hmac(StoreAuthentication.sha256(clientKey), authMessage()));
        }

        byte[] serverSignature(String password) {
            byte[] salted = StoreAuthentication.hi(password, salt, iterations);
            return StoreAuthentication.hmac(StoreAuthentication.hmac(salted, "Server Key"), authMessage());
        }

        BsonDocument clientFinal(byte[] proof) {
            String message = "c=biws,r=" + nonce + ",p=" + Base64.getEncoder().encodeToString(proof);
            return new BsonDocument("saslContinue", new BsonInt32(1))
                    .append("conversationId", new BsonInt32(1))
                    .append("payload", new BsonBinary(message.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String payload(Document answer) {
        return new String(answer.get("payload", org.bson.types.Binary.class).getData(), StandardCharsets.UTF_8);
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static MongoClient client(String uri) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .build());
    }

    private static RuntimeException thrown(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the store to refuse");
    }

    private static int code(Runnable action) {
        RuntimeException e = thrown(action);
        assertThat(e).isInstanceOf(MongoCommandException.class);
        return ((MongoCommandException) e).getErrorCode();
    }
}
