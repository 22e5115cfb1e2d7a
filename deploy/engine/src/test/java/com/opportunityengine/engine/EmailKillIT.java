package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.opportunityengine.testing.http.EngineHttp;
import com.opportunityengine.testing.http.EngineHttp.Reply;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code kill -9} of a whole engine process between the claim and the end of the SMTP conversation: the store runs
 * in a process of its own, a command node (a separate JVM) sends through a stalling SMTP front in this JVM, which
 * answers the greeting, EHLO, MAIL, RCPT and DATA, takes the message up to its final {@code .} and never acknowledges
 * it. With the claim in the ledger and the message's end seen by the front, the node is killed (SIGKILL); the node
 * started again on the same store, now with a real SMTP server (GreenMail), marks the email UNKNOWN and does not send
 * it (a marker email requested after the restart arrives, the first never does), and an admin's retry sends it
 * exactly once.
 */
class EmailKillIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String NODE = "mail-node";

    private final List<EngineProcess> processes = new ArrayList<>();
    private StallingSmtp front;
    private GreenMail smtp;

    @AfterEach
    void stop() throws Exception {
        Collections.reverse(processes);
        for (EngineProcess process : processes) {
            process.close();
        }
        if (front != null) {
            front.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aNodeKilledMidConversationLeavesTheEmailUnknownNotResentAndAnAdminRetrySendsItOnce() throws Exception {
        Path root = Files.createTempDirectory("email-kill-it");
        EngineProcess store = started(EngineProcess.store(root.resolve("store"), 0));
        String mongoUri = store.mongoUri("opportunity_engine");
        front = new StallingSmtp();
        Path nodeDir = root.resolve(NODE);
        EngineProcess first = started(EngineProcess.node(
                nodeDir,
                mongoUri,
                "command",
                NODE,
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + front.port(),
                // the stall must outlast the wait for the kill: the engine's 30 s read timeout would make it FAILED
                "--spring.mail.properties.mail.smtp.timeout=600000"));
        EngineHttp http = new EngineHttp(first.httpPort(), EngineHttp.adminKey(nodeDir));
        String opportunityId = opportunity(http);
        String templateId = template(http);
        String stalled = requestEmail(http, opportunityId, templateId);
        String stalledMessageId = "<" + stalled + "@opportunity-engine.local>";

        try (MongoClient client = MongoClients.create(mongoUri)) {
            MongoCollection<Document> ledger =
                    client.getDatabase("opportunity_engine").getCollection("email_deliveries");
            // the SMTP conversation has started and is not complete: the message is in, its acknowledgement is not
            assertThat(front.endOfData.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .as("the SMTP front saw the message's final '.'")
                    .isTrue();
            Document claim =
                    await(() -> ledger.find(Filters.eq("_id", stalled + "#0")).first(), d -> d != null, "the claim");
            assertThat(claim.getString("status")).isEqualTo("CLAIMED");
            assertThat(claim.getString("node")).isEqualTo(NODE);
            assertThat(front.messages())
                    .singleElement()
                    .satisfies(m -> assertThat(m).contains("Message-ID: " + stalledMessageId));

            first.killHard();

            smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
            smtp.start();
            EngineProcess again = started(EngineProcess.node(
                    nodeDir,
                    mongoUri,
                    "command",
                    NODE,
                    "--spring.mail.host=127.0.0.1",
                    "--spring.mail.port=" + smtp.getSmtp().getPort()));
            http = new EngineHttp(again.httpPort(), EngineHttp.adminKey(nodeDir));

            JsonNode unknown = email(http, opportunityId, stalled, "UNKNOWN");
            assertThat(unknown.get("attempt").asInt()).isZero();
            assertThat(ledger.find(Filters.eq("_id", stalled + "#0")).first().getString("status"))
                    .isEqualTo("UNKNOWN");

            // a marker requested after the restart goes out: by then a re-send of the first would have gone before it
            String marker = requestEmail(http, opportunityId, templateId);
            assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
            email(http, opportunityId, marker, "SENT");
            assertThat(messageIds()).containsExactly("<" + marker + "@opportunity-engine.local>");
            // at most one copy ever reached a server: the stalled one, never acknowledged
            assertThat(front.messages()).hasSize(1);
            assertThat(front.connections()).isEqualTo(1);

            Reply retry = http.post("/api/admin/emails/" + stalled + "/retry", "");
            assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
            assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 2)).isTrue();
            JsonNode resent = email(http, opportunityId, stalled, "SENT");
            assertThat(resent.get("attempt").asInt()).isEqualTo(1);
            assertThat(resent.get("messageId").asText()).isEqualTo(stalledMessageId);
            // and once only: a second marker after the retry arrives, and the retried email is still there once
            String after = requestEmail(http, opportunityId, templateId);
            assertThat(smtp.waitForIncomingEmail(WAIT.toMillis(), 3)).isTrue();
            email(http, opportunityId, after, "SENT");
            assertThat(messageIds())
                    .containsExactlyInAnyOrder(
                            "<" + marker + "@opportunity-engine.local>",
                            stalledMessageId,
                            "<" + after + "@opportunity-engine.local>");
            assertThat(ledger.find(Filters.eq("emailId", stalled))
                            .map(d -> d.getString("_id") + "=" + d.getString("status"))
                            .into(new ArrayList<>()))
                    .containsExactlyInAnyOrder(stalled + "#0=UNKNOWN", stalled + "#1=SENT");
            assertThat(front.messages()).hasSize(1);
        }
    }

    private EngineProcess started(EngineProcess process) {
        processes.add(process);
        return process;
    }

    private List<String> messageIds() throws MessagingException {
        List<String> ids = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            ids.add(message.getMessageID());
        }
        return ids;
    }

    private static String opportunity(EngineHttp http) {
        Reply customer = http.post("/api/customers", """
                {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "li.wei@tea.example"}""");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        Reply opportunity = http.post("/api/opportunities", """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral", "ownerId": "admin",
                 "amount": {"value": "1250000.00", "currency": "CNY"}}""".formatted(
                        customer.json().get("customerId").asText()));
        assertThat(opportunity.status()).as(opportunity.toString()).isEqualTo(201);
        return opportunity.json().get("opportunityId").asText();
    }

    private static String template(EngineHttp http) {
        Reply template = http.post("/api/email-templates", """
                {"name": "Offer", "locale": "en", "subject": "{{opportunity.title}}: our offer",
                 "text": "Dear {{customer.name}}, here is our offer."}""");
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        return template.json().get("templateId").asText();
    }

    private static String requestEmail(EngineHttp http, String opportunityId, String templateId) {
        Reply requested = http.post(
                "/api/opportunities/" + opportunityId + "/emails", "{\"templateId\": \"" + templateId + "\"}");
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        return requested.json().get("emailId").asText();
    }

    /** The email as {@code GET /api/opportunities/{id}/emails} shows it, once it has {@code status}. */
    private static JsonNode email(EngineHttp http, String opportunityId, String emailId, String status) {
        Reply list = http.getUntil(
                "/api/opportunities/" + opportunityId + "/emails",
                reply -> reply.status() == 200
                        && find(reply.json(), emailId).path("status").asText().equals(status));
        return find(list.json(), emailId);
    }

    private static JsonNode find(JsonNode list, String emailId) {
        for (JsonNode item : list.path("items")) {
            if (item.path("emailId").asText().equals(emailId)) {
                return item;
            }
        }
        return EngineHttp.JSON.missingNode();
    }

    private static <T> T await(Supplier<T> read, java.util.function.Predicate<T> done, String what)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            T value = read.get();
            if (done.test(value)) {
                return value;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + WAIT);
    }

    /**
     * An SMTP server that stalls: it answers the greeting, EHLO, MAIL, RCPT and DATA like any server, reads the
     * message up to its final {@code .} and then never answers, so the client waits for the acknowledgement until it
     * is killed. It keeps each message it read.
     */
    static final class StallingSmtp implements AutoCloseable {

        final CountDownLatch endOfData = new CountDownLatch(1);
        private final ServerSocket server;
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        private final Thread acceptor;

        StallingSmtp() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(this::accept, "stalling-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        List<String> messages() {
            return List.copyOf(messages);
        }

        int connections() {
            return sockets.size();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    Thread conversation = new Thread(() -> converse(socket), "stalling-smtp-conversation");
                    conversation.setDaemon(true);
                    conversation.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void converse(Socket socket) {
            try (socket;
                    BufferedReader in = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))) {
                OutputStream out = socket.getOutputStream();
                answer(out, "220 stall.test ESMTP");
                String line;
                while ((line = in.readLine()) != null) {
                    String verb =
                            line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                    switch (verb) {
                        case "EHLO", "HELO" -> answer(out, "250 stall.test");
                        case "DATA" -> {
                            answer(out, "354 end data with <CR><LF>.<CR><LF>");
                            StringBuilder message = new StringBuilder();
                            while ((line = in.readLine()) != null && !line.equals(".")) {
                                message.append(line).append('\n');
                            }
                            if (line == null) {
                                return;
                            }
                            messages.add(message.toString());
                            endOfData.countDown();
                            // the stall: no "250 OK"; wait for the client to go away
                            while (in.readLine() != null) {
                                // ignore whatever else comes
                            }
                            return;
                        }
                        case "QUIT" -> {
                            answer(out, "221 bye");
                            return;
                        }
                        default -> answer(out, "250 OK");
                    }
                }
            } catch (IOException e) {
                // the client went away (killed): the conversation ends here
            }
        }

        private static void answer(OutputStream out, String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : List.copyOf(sockets)) {
                    socket.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
