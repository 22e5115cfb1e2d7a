package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStep;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.store.embedded.EmbeddedMongoServer;
import com.opportunityengine.testing.http.EngineHttp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sequences' durable schedule over real HTTP on the embedded store, sending through a real SMTP server in the JVM
 * (GreenMail): a two-step sequence delivers its steps in order from the version pinned at enrolment; the schedule
 * survives a restart of the node; a reply, a stage move, a loss and an unsubscribe each leave the next step unsent;
 * two command nodes on one store send each step once. Business time is the engine's {@link Clock} bean, which the
 * test moves on (days pass without anyone waiting for them); every wait polls for a condition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailSequenceDeliveryIT {

    /** The engine's clock: the system's, plus an offset the test moves on. */
    static final class MovableClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }

    static final String DOMAIN = "@opportunity-engine.local>";

    GreenMail smtp;
    final MovableClock clock = new MovableClock();

    @BeforeAll
    void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    // ------------------------------------------------------------------ nodes

    ConfigurableApplicationContext node(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--engine.data-dir=" + data,
                "--spring.jmx.enabled=false",
                "--spring.mail.host=localhost",
                "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--engine.email.public-url=http://crm.example",
                "--engine.email.poll-interval=200ms"));
        args.addAll(List.of(more));
        if (args.stream()
                .noneMatch(arg ->
                        arg.startsWith("--engine.embedded-mongo.port") || arg.startsWith("--engine.mongo.uri"))) {
            args.add("--engine.embedded-mongo.port=0");
        }
        return new SpringApplicationBuilder(CommandSideApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                .run(args.toArray(new String[0]));
    }

    static int port(ConfigurableApplicationContext context) {
        return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
    }

    static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("sequence-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The world of one engine: its admin, a manager, a customer with an address. */
    final class World {
        final EngineHttp admin;
        final EngineHttp manager;

        World(EngineHttp admin) {
            this(admin, true);
        }

        /** The engine's world; {@code fresh}: make its users first (a restarted engine has them). */
        World(EngineHttp admin, boolean fresh) {
            this.admin = admin;
            manager = fresh ? admin.withKey(userWithKey("meg", "SALES_MANAGER")) : admin;
            if (fresh) {
                userWithKey("ann", "SALES_REP");
            }
        }

        private String userWithKey(String id, String role) {
            EngineHttp.Reply created = admin.post(
                    "/api/admin/users",
                    "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"east\"}"
                            .formatted(id, id, role));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return admin.post("/api/admin/users/" + id + "/api-keys", "")
                    .json()
                    .get("key")
                    .asText();
        }

        String customer(String email) {
            EngineHttp.Reply customer = admin.post("/api/customers", """
                    {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "%s"}""".formatted(email));
            assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
            return customer.json().get("customerId").asText();
        }

        String opportunity(String customer) {
            EngineHttp.Reply created = admin.post("/api/opportunities", """
                    {"title": "ERP rollout", "customerId": "%s", "source": "referral", "ownerId": "ann",
                     "amount": {"value": "1250000.00", "currency": "CNY"}}""".formatted(customer));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            return created.json().get("opportunityId").asText();
        }

        JsonNode template(String templateId, String subject) {
            EngineHttp.Reply saved = manager.post(
                    "/api/email-templates",
                    EngineHttp.JSON
                            .createObjectNode()
                            .put("templateId", templateId)
                            .put("name", subject)
                            .put("locale", "en")
                            .put("subject", subject)
                            .put("text", "Dear {{customer.name}}, about {{opportunity.title}}.")
                            .toString());
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            return saved.json();
        }

        JsonNode sequence(String sequenceId, String... stepsAndDelays) {
            StringBuilder steps = new StringBuilder("[");
            for (int i = 0; i < stepsAndDelays.length; i += 2) {
                steps.append(i == 0 ? "" : ", ")
                        .append("{\"templateId\": \"%s\", \"delay\": \"%s\"}"
                                .formatted(stepsAndDelays[i], stepsAndDelays[i + 1]));
            }
            steps.append("]");
            String body = "{" + (sequenceId == null ? "" : "\"sequenceId\": \"" + sequenceId + "\", ")
                    + "\"name\": \"Nurture\", \"steps\": " + steps + "}";
            EngineHttp.Reply saved = manager.post("/api/email-sequences", body);
            assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
            return saved.json();
        }

        void enrol(String opportunity, String sequenceId, Integer version) {
            EngineHttp.Reply enrolled = admin.post(
                    "/api/opportunities/" + opportunity + "/sequence",
                    "{\"sequenceId\": \"%s\"%s}"
                            .formatted(sequenceId, version == null ? "" : ", \"sequenceVersion\": " + version));
            assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
        }

        List<JsonNode> payloads(String opportunity, String type) {
            List<JsonNode> found = new ArrayList<>();
            admin.get("/api/audit/opportunities/" + opportunity + "/events")
                    .json()
                    .get("items")
                    .forEach(event -> {
                        String name = event.get("type").asText();
                        if (name.substring(name.lastIndexOf('.') + 1).equals(type)) {
                            found.add(event.get("payload"));
                        }
                    });
            return found;
        }
    }

    static String stepEmail(String opportunity, String sequenceId, int version, int enrolment, int step) {
        return new SequenceStep(SequenceId.of(sequenceId), version, enrolment, step)
                .emailId(OpportunityId.of(opportunity))
                .toString();
    }

    /** The messages GreenMail received under the email id's Message-ID. */
    List<MimeMessage> received(String emailId) {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                if (("<" + emailId + DOMAIN).equals(message.getMessageID())) {
                    found.add(message);
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    MimeMessage arrived(String emailId) {
        waitFor("email " + emailId, () -> !received(emailId).isEmpty());
        return received(emailId).get(0);
    }

    static void waitFor(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " never happened");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String status(ConfigurableApplicationContext node, String emailId) {
        return node.getBean(SequenceSchedule.class)
                .find(emailId)
                .map(SequenceSchedule.Step::status)
                .orElse(null);
    }

    // ------------------------------------------------------------------ tests

    @Test
    void twoStepsArriveInOrderFromThePinnedVersionAndTheScheduleSurvivesARestart() throws Exception {
        Path data = dataDir();
        String opportunity;
        String sequenceId;
        String first;
        String second;
        String secondTemplate;
        try (ConfigurableApplicationContext engine = node(data, "--engine.node-id=node-a")) {
            World world = new World(new EngineHttp(port(engine), data));
            String customer = world.customer("restart@tea.example");
            opportunity = world.opportunity(customer);
            String firstTemplate =
                    world.template(null, "Step one v1").get("templateId").asText();
            secondTemplate =
                    world.template(null, "Step two v1").get("templateId").asText();
            JsonNode sequence = world.sequence(null, firstTemplate, "PT0S", secondTemplate, "P3D");
            sequenceId = sequence.get("sequenceId").asText();
            world.enrol(opportunity, sequenceId, null);
            // saved after the enrolment: a new version of the second template and of the sequence change nothing
            world.template(secondTemplate, "Step two v2");
            world.sequence(sequenceId, secondTemplate, "PT0S");

            first = stepEmail(opportunity, sequenceId, 1, 1, 1);
            second = stepEmail(opportunity, sequenceId, 1, 1, 2);
            assertThat(arrived(first).getSubject()).isEqualTo("Step one v1");
            waitFor("step 2 scheduled", () -> SequenceSchedule.PENDING.equals(status(engine, second)));
            assertThat(engine.getBean(SequenceSchedule.class)
                            .find(second)
                            .orElseThrow()
                            .dueAt())
                    .isAfter(clock.instant().plus(Duration.ofDays(3)).minus(Duration.ofMinutes(5)));
            assertThat(received(second)).isEmpty();
            JsonNode requested = world.payloads(opportunity, "EmailRequested").get(0);
            assertThat(requested.get("sequenceStep").get("step").asInt()).isEqualTo(1);
            assertThat(requested.get("sequenceStep").get("sequenceId").asText()).isEqualTo(sequenceId);
            assertThat(world.payloads(opportunity, "SequenceEnrolled")
                            .get(0)
                            .get("sequenceVersion")
                            .asInt())
                    .isEqualTo(1);
        }

        // the node stops with step 2 pending; three days later it runs again and sends it, once
        clock.advance(Duration.ofDays(3));
        try (ConfigurableApplicationContext engine = node(data, "--engine.node-id=node-a")) {
            MimeMessage step2 = arrived(second);
            assertThat(step2.getSubject()).isEqualTo("Step two v1");
            waitFor("step 2 requested", () -> SequenceSchedule.REQUESTED.equals(status(engine, second)));
            World world = new World(new EngineHttp(port(engine), data), false);
            List<JsonNode> requested = world.payloads(opportunity, "EmailRequested");
            assertThat(requested).hasSize(2);
            assertThat(requested.get(1).get("templateId").asText()).isEqualTo(secondTemplate);
            assertThat(requested.get(1).get("templateVersion").asInt()).isEqualTo(1);
            assertThat(requested.get(1).get("emailId").asText()).isEqualTo(second);
            // two steps: nothing more is scheduled, each arrived once
            assertThat(engine.getBean(SequenceSchedule.class).of(opportunity)).hasSize(2);
            assertThat(received(first)).hasSize(1);
            assertThat(received(second)).hasSize(1);

            // the schedule and the dispatcher reading the log from its start again (worse than a reset, which marks
            // the events as a replay that their handlers skip) schedule and send nothing new
            readFromTheStartAgain(engine, SequenceScheduler.GROUP);
            readFromTheStartAgain(engine, EmailDispatcher.GROUP);
            EngineHttp.Reply marker = world.admin.post(
                    "/api/opportunities/" + opportunity + "/emails",
                    "{\"templateId\": \"%s\"}".formatted(secondTemplate));
            assertThat(marker.status()).as(marker.toString()).isEqualTo(202);
            arrived(marker.json().get("emailId").asText());
            waitFor(
                    "both processors past the marker",
                    () -> caughtUp(engine, SequenceScheduler.GROUP) && caughtUp(engine, EmailDispatcher.GROUP));
            assertThat(received(first)).hasSize(1);
            assertThat(received(second)).hasSize(1);
            assertThat(world.payloads(opportunity, "EmailRequested")).hasSize(3);
            assertThat(world.payloads(opportunity, "EmailSent")).hasSize(3);
            assertThat(engine.getBean(SequenceSchedule.class).of(opportunity)).hasSize(2);
        }
    }

    /** Puts the group's token back before the first event, so that it handles every past event again as new. */
    static void readFromTheStartAgain(ConfigurableApplicationContext node, String group) {
        TrackingEventProcessor processor = node.getBean(EventProcessingConfiguration.class)
                .eventProcessor(group, TrackingEventProcessor.class)
                .orElseThrow();
        TokenStore tokens = node.getBean(TokenStore.class);
        processor.shutDown();
        try {
            DefaultUnitOfWork.startAndGet(null).execute(() -> {
                tokens.fetchToken(group, 0);
                tokens.storeToken(GapAwareTrackingToken.newInstance(-1, Collections.emptySortedSet()), group, 0);
                tokens.releaseClaim(group, 0);
            });
        } finally {
            processor.start();
        }
    }

    static boolean caughtUp(ConfigurableApplicationContext node, String group) {
        Map<Integer, EventTrackerStatus> status = node.getBean(EventProcessingConfiguration.class)
                .eventProcessor(group, TrackingEventProcessor.class)
                .orElseThrow()
                .processingStatus();
        return !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
    }

    @Test
    void aReplyAStageMoveALossAndAnUnsubscribeEachLeaveTheNextStepUnsent() throws Exception {
        Path data = dataDir();
        try (ConfigurableApplicationContext engine = node(data, "--engine.node-id=node-a")) {
            World world = new World(new EngineHttp(port(engine), data));
            EngineHttp gateway = world.admin.withKey(world.userWithKey("gw", "SERVICE"));
            String one = world.template(null, "Hello").get("templateId").asText();
            String two = world.template(null, "Following up").get("templateId").asText();
            String sequenceId = world.sequence(null, one, "PT0S", two, "P1D")
                    .get("sequenceId")
                    .asText();
            String replied = world.opportunity(world.customer("replied@tea.example"));
            String moved = world.opportunity(world.customer("moved@tea.example"));
            String lost = world.opportunity(world.customer("lost@tea.example"));
            String unsubscribed = world.opportunity(world.customer("unsubscribed@tea.example"));
            String control = world.opportunity(world.customer("control@tea.example"));
            List<String> all = List.of(replied, moved, lost, unsubscribed, control);
            for (String opportunity : all) {
                world.enrol(opportunity, sequenceId, 1);
            }
            for (String opportunity : all) {
                arrived(stepEmail(opportunity, sequenceId, 1, 1, 1));
                String next = stepEmail(opportunity, sequenceId, 1, 1, 2);
                waitFor("step 2 scheduled", () -> SequenceSchedule.PENDING.equals(status(engine, next)));
            }

            String replyTo = stepEmail(replied, sequenceId, 1, 1, 1);
            String reply = """
                    From: replied@tea.example
                    To: no-reply@opportunity-engine.local
                    Subject: Re: Hello
                    Message-ID: <reply-%s@tea.example>
                    In-Reply-To: <%s@opportunity-engine.local>
                    MIME-Version: 1.0
                    Content-Type: text/plain; charset=UTF-8

                    Thanks, let us talk.
                    """.formatted(replyTo, replyTo).replace("\n", "\r\n");
            EngineHttp.Reply matched =
                    gateway.send("POST", "/api/email/inbound", reply, "Content-Type", "message/rfc822");
            assertThat(matched.status()).as(matched.toString()).isEqualTo(200);

            EngineHttp.Reply stage =
                    world.admin.post("/api/opportunities/" + moved + "/stage", "{\"stage\": \"needs-confirmed\"}");
            assertThat(stage.status()).as(stage.toString()).isEqualTo(200);

            EngineHttp.Reply loss = world.admin.post("/api/opportunities/" + lost + "/lose", "{\"reason\": \"price\"}");
            assertThat(loss.status()).as(loss.toString()).isEqualTo(200);

            String link = arrived(stepEmail(unsubscribed, sequenceId, 1, 1, 1)).getHeader("List-Unsubscribe", null);
            String token = URLDecoder.decode(
                    link.substring(link.indexOf("token=") + 6, link.length() - 1), StandardCharsets.UTF_8);
            EngineHttp.Reply optOut = new EngineHttp(port(engine))
                    .send(
                            "POST",
                            "/api/email/unsubscribe?token=" + token,
                            "List-Unsubscribe=One-Click",
                            "Content-Type",
                            "application/x-www-form-urlencoded");
            assertThat(optOut.status()).as(optOut.toString()).isEqualTo(200);

            // a stop cancels the pending step at once
            for (String opportunity : List.of(replied, moved, lost)) {
                String next = stepEmail(opportunity, sequenceId, 1, 1, 2);
                waitFor("step 2 cancelled", () -> SequenceSchedule.CANCELLED.equals(status(engine, next)));
            }
            assertThat(world.payloads(replied, "SequenceStopped")
                            .get(0)
                            .get("reason")
                            .asText())
                    .isEqualTo("REPLIED");
            assertThat(world.payloads(moved, "SequenceStopped")
                            .get(0)
                            .get("reason")
                            .asText())
                    .isEqualTo("STAGE_CHANGED");
            assertThat(world.payloads(lost, "SequenceStopped")
                            .get(0)
                            .get("reason")
                            .asText())
                    .isEqualTo("LOST");

            // a day later: the control gets its second step, the unsubscribed address's enrolment stops instead
            clock.advance(Duration.ofDays(1));
            String controlNext = stepEmail(control, sequenceId, 1, 1, 2);
            arrived(controlNext);
            String unsubscribedNext = stepEmail(unsubscribed, sequenceId, 1, 1, 2);
            waitFor(
                    "the unsubscribed step handled",
                    () -> SequenceSchedule.DONE.equals(status(engine, unsubscribedNext)));
            assertThat(world.payloads(unsubscribed, "SequenceStopped")
                            .get(0)
                            .get("reason")
                            .asText())
                    .isEqualTo("UNSUBSCRIBED");
            assertThat(world.payloads(unsubscribed, "EmailRequested")).hasSize(1);
            for (String opportunity : List.of(replied, moved, lost, unsubscribed)) {
                assertThat(received(stepEmail(opportunity, sequenceId, 1, 1, 2)))
                        .isEmpty();
                assertThat(world.payloads(opportunity, "EmailRequested")).hasSize(1);
            }
            assertThat(world.payloads(control, "EmailRequested")).hasSize(2);
        }
    }

    @Test
    void twoCommandNodesOnOneStoreSendEachStepOnce() throws Exception {
        Path dataA = dataDir();
        Path dataB = dataDir();
        int storePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            storePort = socket.getLocalPort();
        }
        try (ConfigurableApplicationContext a =
                        node(dataA, "--engine.node-id=node-a", "--engine.embedded-mongo.port=" + storePort);
                // node A's store takes the password A made in its data folder (store.key)
                ConfigurableApplicationContext b = node(
                        dataB,
                        "--engine.mongo.uri="
                                + EmbeddedMongoServer.connectionString(dataA, storePort, "opportunity_engine"))) {
            String key = EngineHttp.adminKey(dataA);
            World world = new World(new EngineHttp(port(a), key));
            String one =
                    world.template(null, "Two nodes, one").get("templateId").asText();
            String two =
                    world.template(null, "Two nodes, two").get("templateId").asText();
            String sequenceId = world.sequence(null, one, "PT0S", two, "PT0S")
                    .get("sequenceId")
                    .asText();
            EngineHttp viaB = new EngineHttp(port(b), key);
            List<String> opportunities = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String opportunity = world.opportunity(world.customer("two-nodes-" + i + "@tea.example"));
                opportunities.add(opportunity);
                EngineHttp.Reply enrolled = (i % 2 == 0 ? world.admin : viaB)
                        .post(
                                "/api/opportunities/" + opportunity + "/sequence",
                                "{\"sequenceId\": \"%s\"}".formatted(sequenceId));
                assertThat(enrolled.status()).as(enrolled.toString()).isEqualTo(200);
            }
            Set<String> steps = new HashSet<>();
            for (String opportunity : opportunities) {
                for (int step = 1; step <= 2; step++) {
                    String emailId = stepEmail(opportunity, sequenceId, 1, 1, step);
                    steps.add(emailId);
                    arrived(emailId);
                    waitFor("step requested", () -> SequenceSchedule.REQUESTED.equals(status(a, emailId)));
                }
            }
            DeliveryQueue queue = a.getBean(DeliveryQueue.class);
            waitFor("the delivery queue empty", () -> queue.size() == 0);
            for (String emailId : steps) {
                assertThat(received(emailId)).as(emailId).hasSize(1);
            }
            for (String opportunity : opportunities) {
                assertThat(world.payloads(opportunity, "EmailRequested")).hasSize(2);
            }
        }
    }
}
