package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MessageHeader;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backend's door on paths a current driver does not take: every command but the handshake, whatever its case,
 * and the legacy OP_QUERY reads that do not go through the command dispatch, are refused to a connection that has not
 * authenticated; the handshake is answered.
 */
class UnauthenticatedChannelTest {

    private final KeyOrderedH2Backend backend = KeyOrderedH2Backend.inMemory().requireCredentials("engine", "secret");
    private final EmbeddedChannel channel = new EmbeddedChannel();

    @AfterEach
    void close() {
        backend.close();
        channel.close();
    }

    @Test
    void everyCommandButTheHandshakeIsUnauthorized() {
        for (String command : List.of(
                "insert",
                "INSERT",
                "find",
                "update",
                "delete",
                "findAndModify",
                "createIndexes",
                "drop",
                "dropDatabase",
                "listDatabases",
                "listCollections",
                "getMore",
                "killCursors",
                "serverStatus",
                "renameCollection",
                "authenticate",
                "whatsmyuri")) {
            Document answer = backend.handleCommand(channel, "admin", command, new Document(command, "users"));
            assertThat(answer.get("ok")).as(command).isEqualTo(0.0);
            assertThat(answer.get("code")).as(command).isEqualTo(13);
            assertThat(answer.get("codeName")).as(command).isEqualTo("Unauthorized");
        }
        for (String command : List.of("hello", "isMaster", "ismaster", "buildInfo", "ping", "endSessions")) {
            Document answer = backend.handleCommand(channel, "admin", command, new Document(command, 1));
            assertThat(answer.get("code")).as(command).isNotEqualTo(13);
        }
    }

    @Test
    void legacyQueriesAreUnauthorized() {
        MongoQuery find = new MongoQuery(
                channel, new MessageHeader(1, 0), "opportunity_engine.users", 0, 0, new Document(), null);
        assertThatThrownBy(() -> backend.handleQuery(find))
                .isInstanceOfSatisfying(
                        MongoServerError.class, e -> assertThat(e.getCode()).isEqualTo(13));
        MongoQuery inProgress =
                new MongoQuery(channel, new MessageHeader(2, 0), "admin.$cmd.sys.inprog", 0, 0, new Document(), null);
        assertThatThrownBy(() -> backend.getCurrentOperations(inProgress))
                .isInstanceOfSatisfying(
                        MongoServerError.class, e -> assertThat(e.getCode()).isEqualTo(13));
    }

    @Test
    void aBackendWithoutCredentialsAnswersHelloAsIsMaster() {
        KeyOrderedH2Backend open = KeyOrderedH2Backend.inMemory();
        try {
            Document hello = open.handleCommand(channel, "admin", "hello", new Document("hello", 1));
            assertThat(hello.get("isWritablePrimary")).isEqualTo(true);
            assertThat(hello).doesNotContainKey("ismaster").doesNotContainKey("saslSupportedMechs");
            assertThat(hello.get("maxWireVersion")).isNotNull();
        } finally {
            open.close();
        }
    }
}
