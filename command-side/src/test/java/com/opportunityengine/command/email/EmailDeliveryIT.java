package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.email.MarkEmailDeliveryUnknown;
import com.opportunityengine.events.email.RecordEmailFailed;
import com.opportunityengine.events.email.RecordEmailSent;
import com.opportunityengine.events.email.RecordEmailSuppressed;
import com.opportunityengine.testing.EmbeddedMongo;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The dispatcher's delivery against a real SMTP server in the JVM (GreenMail) on the embedded store: two nodes on
 * one store send each email once, a claim never confirmed is UNKNOWN on restart and not sent, the suppression list
 * is checked again at dispatch, the daily limit defers, a refused send is FAILED with the server's answer.
 */
class EmailDeliveryIT {

    private static final EmbeddedMongo MONGO = new EmbeddedMongo();
    private static final String OPPORTUNITY = "00000000-0000-4000-8000-0000000000aa";

    private GreenMail smtp;
    private MongoDatabase database;
    private DeliveryQueue queue;
    private DeliveryLedger ledger;
    private EmailMessages messages;
    private Suppressions suppressions;
    private final List<Object> recorded = Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void stopStore() {
        MONGO.close();
    }

    @BeforeEach
    void start() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        database = MONGO.database("delivery-" + UUID.randomUUID());
        queue = new DeliveryQueue(database);
        ledger = new DeliveryLedger(database);
        messages = new EmailMessages(database);
        suppressions = new Suppressions(database);
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private EmailDelivery node(String name, int port, int dailyLimit) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("localhost");
        sender.setPort(port);
        sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
        sender.getJavaMailProperties().put("mail.smtp.timeout", "5000");
        try {
            return new EmailDelivery(
                    queue,
                    ledger,
                    messages,
                    suppressions,
                    new SmtpTransport(sender),
                    recorded::add,
                    Clock.systemUTC(),
                    new EmailDelivery.Settings(
                            name,
                            new InternetAddress("crm@engine.example"),
                            "engine.example",
                            dailyLimit,
                            Duration.ofMinutes(10)));
        } catch (jakarta.mail.internet.AddressException e) {
            throw new IllegalStateException(e);
        }
    }

    private EmailDelivery node(String name) {
        return node(name, smtp.getSmtp().getPort(), 0);
    }

    /** An email as its request leaves it: rendered and kept, and (once its event is in the log) queued. */
    private String requested(String sender, String to) {
        String emailId = UUID.randomUUID().toString();
        messages.put(new EmailMessage(
                emailId,
                OPPORTUNITY,
                to,
                "报价 " + emailId,
                "您好\n",
                null,
                EmailMessage.sha256("报价 " + emailId, "您好\n", null),
                "t",
                1,
                "Welcome",
                sender,
                "http://crm.example/api/email/unsubscribe?token=x",
                null,
                Instant.now()));
        queue.put(new DeliveryQueue.Entry(emailId, 0, OPPORTUNITY, Instant.now().minusSeconds(1)));
        return emailId;
    }

    @Test
    void twoNodesOnOneStoreSendEachEmailOnce() throws Exception {
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            emails.add(requested("ann", "li.wei@tea.example"));
        }
        EmailDelivery a = node("node-a");
        EmailDelivery b = node("node-b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> sent = new ArrayList<>();
        for (EmailDelivery node : List.of(a, b)) {
            sent.add(pool.submit(() -> {
                go.await();
                int total = 0;
                for (int round = 0; round < 3; round++) {
                    total += node.runOnce();
                }
                return total;
            }));
        }
        go.countDown();
        int total = sent.get(0).get() + sent.get(1).get();
        pool.shutdown();

        assertThat(total).isEqualTo(30);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(30);
        Set<String> messageIds = new HashSet<>();
        for (MimeMessage message : received) {
            messageIds.add(message.getMessageID());
            assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        }
        Set<String> expected = new HashSet<>();
        emails.forEach(id -> expected.add("<" + id + "@engine.example>"));
        assertThat(messageIds).isEqualTo(expected);
        assertThat(ledger.count(DeliveryLedger.SENT)).isEqualTo(30);
        assertThat(queue.size()).isZero();
        Set<String> recordedSent = new HashSet<>();
        recorded.stream()
                .filter(RecordEmailSent.class::isInstance)
                .map(RecordEmailSent.class::cast)
                .forEach(command -> recordedSent.add(command.emailId().toString()));
        assertThat(recordedSent).isEqualTo(emails);
    }

    @Test
    void aClaimNeverConfirmedIsUnknownWhenItsNodeStartsAgainAndIsNotSent() {
        String emailId = requested("ann", "li.wei@tea.example");
        DeliveryQueue.Entry entry = queue.due(Instant.now(), 10).get(0);
        // node-a claimed it and stopped before the SMTP conversation finished (a kill -9 between claim and answer)
        assertThat(ledger.claim(entry, "ann", "node-a", DeliveryLedger.CLAIMED, null, Instant.now()))
                .isTrue();

        // node-b finds the claim taken and sends nothing
        assertThat(node("node-b").runOnce()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(ledger.find(entry.key()).orElseThrow().status()).isEqualTo(DeliveryLedger.CLAIMED);

        // node-a starts again: its claim becomes UNKNOWN, recorded, still not sent
        node("node-a").recoverUnconfirmed();
        assertThat(ledger.find(entry.key()).orElseThrow().status()).isEqualTo(DeliveryLedger.UNKNOWN);
        assertThat(recorded)
                .containsExactly(new MarkEmailDeliveryUnknown(
                        com.opportunityengine.events.opportunity.OpportunityId.of(OPPORTUNITY),
                        com.opportunityengine.events.email.EmailId.of(emailId),
                        0));
        assertThat(node("node-a").runOnce()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();

        // an admin's retry is attempt 1, sent once
        queue.put(new DeliveryQueue.Entry(emailId, 1, OPPORTUNITY, Instant.now().minusSeconds(1)));
        assertThat(node("node-b").runOnce()).isEqualTo(1);
        assertThat(node("node-a").runOnce()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void anAddressSuppressedAfterTheRequestIsNotSent() {
        String emailId = requested("ann", "gone@tea.example");
        suppressions.suppress(Addresses.reference("gone@tea.example"), Suppressions.UNSUBSCRIBED, Instant.now(), null);
        assertThat(node("node-a").runOnce()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
        assertThat(ledger.find(DeliveryLedger.key(emailId, 0)).orElseThrow().status())
                .isEqualTo(DeliveryLedger.SUPPRESSED);
        assertThat(recorded)
                .singleElement()
                .isInstanceOfSatisfying(
                        RecordEmailSuppressed.class,
                        command -> assertThat(command.reason()).isEqualTo("UNSUBSCRIBED"));
    }

    @Test
    void aSenderOverTheDailyLimitWaitsForTheRollingDay() {
        requested("ann", "a@tea.example");
        requested("ann", "b@tea.example");
        String third = requested("ann", "c@tea.example");
        requested("bob", "d@tea.example");
        assertThat(node("node-a", smtp.getSmtp().getPort(), 2).runOnce()).isEqualTo(3);
        assertThat(smtp.getReceivedMessages()).hasSize(3);
        assertThat(queue.size()).isEqualTo(1);
        DeliveryQueue.Entry waiting =
                queue.due(Instant.now().plus(Duration.ofHours(25)), 10).get(0);
        assertThat(waiting.emailId()).isEqualTo(third);
        assertThat(waiting.dueAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
    }

    @Test
    void aSendTheServerCannotTakeIsFailedWithItsAnswer() {
        String emailId = requested("ann", "li.wei@tea.example");
        int closedPort = smtp.getSmtp().getPort();
        smtp.stop();
        assertThat(node("node-a", closedPort, 0).runOnce()).isZero();
        Delivery failed = ledger.find(DeliveryLedger.key(emailId, 0)).orElseThrow();
        assertThat(failed.status()).isEqualTo(DeliveryLedger.FAILED);
        assertThat(failed.smtpReply()).isNotBlank();
        assertThat(recorded).singleElement().isInstanceOf(RecordEmailFailed.class);
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        assertThat(node("node-b").runOnce()).isZero();
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }
}
