package com.opportunityengine.engine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bson.Document;

/**
 * {@code email.dispatch.per-second}: emails requested over HTTP ({@code POST /api/opportunities/{id}/emails}, 4
 * clients) and dispatched by the engine (queue, claim in the delivery ledger, SMTP, outcome events) to a GreenMail
 * SMTP server in this JVM, timed from the first request until GreenMail has received every one and the ledger says
 * SENT for each. The engine under test is started with {@code spring.mail.host/port} pointing at that server (see
 * {@link #engineArguments()}); no other phase sends mail, so the setting changes nothing else.
 */
final class EmailDispatchBench implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 4;
    private static final int EMAILS_PER_OPPORTUNITY = 10;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final GreenMail smtp;

    EmailDispatchBench() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    /** The engine's arguments for this server: SMTP to it, and no daily limit per sender. */
    String[] engineArguments() {
        return new String[] {
            "--spring.mail.host=127.0.0.1",
            "--spring.mail.port=" + smtp.getSmtp().getPort(),
            "--engine.email.daily-limit=0"
        };
    }

    /** Sends {@code emails} emails and answers the figure, its ratio to {@code rawSingle} (no target). */
    BenchResult measure(BenchHttp http, EngineUnderTest engine, int emails, double rawSingle) throws Exception {
        String customer = created(http.post("/api/customers", """
                {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "li.wei@tea.example"}"""), "customerId");
        String template = created(http.post("/api/email-templates", """
                {"name": "Bench offer", "locale": "en", "subject": "{{opportunity.title}}: our offer",
                 "text": "Dear {{customer.name}}, our offer for {{opportunity.title}} is {{opportunity.amount}}."}"""), "templateId");
        int opportunities = Math.max(CLIENTS, (emails + EMAILS_PER_OPPORTUNITY - 1) / EMAILS_PER_OPPORTUNITY);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < opportunities; i++) {
            ids.add(created(http.post("/api/opportunities", """
                            {"title": "Email bench %d", "customerId": "%s", "source": "bench", "ownerId": "admin",
                             "amount": {"value": "1000.00", "currency": "CNY"}}""".formatted(i, customer)), "opportunityId"));
        }
        MongoCollection<Document> ledger = engine.database().getCollection("email_deliveries");
        long sentBefore = ledger.countDocuments(Filters.eq("status", "SENT"));
        int receivedBefore = smtp.getReceivedMessages().length;
        String body = "{\"templateId\": \"" + template + "\"}";

        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    // each client requests on opportunities of its own: requests on one opportunity would only queue
                    for (int n = client; n < emails; n += CLIENTS) {
                        String id = ids.get((n / CLIENTS) % (opportunities / CLIENTS) * CLIENTS + client);
                        created(http.post("/api/opportunities/" + id + "/emails", body), "emailId");
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double requested = RawStore.seconds(started);
        if (!smtp.waitForIncomingEmail(TIMEOUT.toMillis(), receivedBefore + emails)) {
            return BenchResult.missing(
                    "email.dispatch.per-second",
                    "emails/s",
                    null,
                    "GreenMail received " + (smtp.getReceivedMessages().length - receivedBefore) + " of " + emails
                            + " emails within " + TIMEOUT);
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (ledger.countDocuments(Filters.eq("status", "SENT")) - sentBefore < emails) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ledger did not say SENT for " + emails + " emails");
            }
            Thread.sleep(5);
        }
        double seconds = RawStore.seconds(started);
        int received = smtp.getReceivedMessages().length - receivedBefore;
        if (received != emails) {
            throw new IllegalStateException(emails + " emails requested, GreenMail received " + received);
        }
        return BenchResult.against(
                "email.dispatch.per-second",
                emails / seconds,
                "emails/s",
                rawSingle,
                null,
                emails + " emails requested over HTTP by " + CLIENTS + " clients on " + opportunities
                        + " opportunities (requests done after "
                        + String.format(java.util.Locale.ROOT, "%.2f", requested)
                        + " s), timed until GreenMail (SMTP, this JVM) had received all and the delivery ledger said"
                        + " SENT for each; ratio to raw.write.single-durable, reported, no target");
    }

    private static String created(BenchHttp.Reply reply, String field) throws IOException {
        if (reply.status() / 100 != 2) {
            throw new IllegalStateException(
                    "the engine refused a request of the email phase: " + reply.status() + " " + reply.body());
        }
        JsonNode json = JSON.readTree(reply.body());
        return json.get(field).asText();
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
