package com.opportunityengine.command.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.opportunityengine.command.CommandSideApplication;
import com.opportunityengine.testing.http.EngineHttp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Email outreach over real HTTP against the command side on the embedded store, sending through a real SMTP server
 * in the JVM (GreenMail): templates, rendering in zh-CN and en, the contact it records, bad input with nothing
 * appended and nothing sent, unsubscribe, a bounce that suppresses, a reply, an admin's retry of a failed email, and
 * a reset of the dispatcher's token that sends nothing new.
 */
@SpringBootTest(classes = CommandSideApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailApiIT {

    static final Path DATA = dataDir();
    static final int SMTP_PORT;
    static GreenMail smtp;

    static {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        SMTP_PORT = smtp.getSmtp().getPort();
    }

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("engine.data-dir", DATA::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
        registry.add("spring.mail.host", () -> "localhost");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("engine.email.public-url", () -> "http://crm.example");
        registry.add("engine.email.poll-interval", () -> "200ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    DeliveryQueue queue;

    EngineHttp admin;
    EngineHttp manager;
    EngineHttp rep;
    EngineHttp otherRep;
    EngineHttp gateway;
    String customerId;
    String opportunityId;
    String zhTemplate;
    String enTemplate;

    static Path dataDir() {
        try {
            Path dir = Files.createTempDirectory("email-it");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @BeforeAll
    void world() {
        admin = new EngineHttp(port, DATA);
        user("ann", "SALES_REP", "east");
        user("meg", "SALES_MANAGER", "east");
        user("wes", "SALES_REP", "west");
        user("gw", "SERVICE", "ops");
        rep = admin.withKey(key("ann"));
        manager = admin.withKey(key("meg"));
        otherRep = admin.withKey(key("wes"));
        gateway = admin.withKey(key("gw"));
        EngineHttp.Reply customer = admin.post("/api/customers", """
                {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "li.wei@tea.example"}""");
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        customerId = customer.json().get("customerId").asText();
        opportunityId = opportunity();
        zhTemplate = template(null, "zh-CN", "{{customer.name}}，您好", """
                尊敬的{{customer.name}}（{{customer.company}}）：
                「{{opportunity.title}}」报价 {{opportunity.amount}}。
                {{owner.displayName}}""")
                .get("templateId")
                .asText();
        enTemplate = template(null, "en", "An offer for {{customer.company}}", """
                Dear {{customer.name}},
                our offer for {{opportunity.title}} is {{opportunity.amount}}.
                {{owner.displayName}}""")
                .get("templateId")
                .asText();
    }

    private void user(String id, String role, String team) {
        EngineHttp.Reply created = admin.post(
                "/api/admin/users",
                "{\"userId\": \"%s\", \"displayName\": \"%s\", \"roles\": [\"%s\"], \"teamId\": \"%s\"}"
                        .formatted(id, id.equals("ann") ? "Ann Lin" : id, role, team));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private String key(String userId) {
        return admin.post("/api/admin/users/" + userId + "/api-keys", "")
                .json()
                .get("key")
                .asText();
    }

    private String opportunity() {
        EngineHttp.Reply created = admin.post("/api/opportunities", """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral", "ownerId": "ann",
                 "amount": {"value": "1250000.00", "currency": "CNY"}}""".formatted(customerId));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("opportunityId").asText();
    }

    private JsonNode template(String templateId, String locale, String subject, String text) {
        EngineHttp.Reply saved = manager.post("/api/email-templates", json(templateId, locale, subject, text));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
        return saved.json();
    }

    private static String json(String templateId, String locale, String subject, String text) {
        return EngineHttp.JSON
                .createObjectNode()
                .put("templateId", templateId)
                .put("name", "Offer " + locale)
                .put("locale", locale)
                .put("subject", subject)
                .put("text", text)
                .toString();
    }

    private EngineHttp.Reply send(EngineHttp as, String opportunity, String body) {
        return as.post("/api/opportunities/" + opportunity + "/emails", body);
    }

    /** Waits (bounded) for the message with this email's Message-ID to arrive, and answers it. */
    private MimeMessage received(String emailId) throws MessagingException {
        String messageId = "<" + emailId + "@opportunity-engine.local>";
        Supplier<Optional<MimeMessage>> find = () -> {
            for (MimeMessage message : smtp.getReceivedMessages()) {
                try {
                    if (messageId.equals(message.getMessageID())) {
                        return Optional.of(message);
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Optional.empty();
        };
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (find.get().isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        return find.get().orElseThrow(() -> new AssertionError("email " + emailId + " never arrived"));
    }

    private JsonNode email(String opportunity, String emailId) {
        for (JsonNode item :
                rep.get("/api/opportunities/" + opportunity + "/emails").json().get("items")) {
            if (item.get("emailId").asText().equals(emailId)) {
                return item;
            }
        }
        throw new AssertionError("no email " + emailId);
    }

    private JsonNode emailWhen(String opportunity, String emailId, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode email = email(opportunity, emailId);
        while (!email.get("status").asText().equals(status) && System.nanoTime() < deadline) {
            pause();
            email = email(opportunity, emailId);
        }
        return email;
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<JsonNode> events(String opportunity) {
        List<JsonNode> events = new ArrayList<>();
        admin.get("/api/audit/opportunities/" + opportunity + "/events")
                .json()
                .get("items")
                .forEach(events::add);
        return events;
    }

    private long version(String opportunity) {
        return rep.get("/api/opportunities/" + opportunity + "/emails")
                .json()
                .get("version")
                .asLong();
    }

    @Test
    void templatesAreVersionedAndAnUnknownMergeFieldIsRefusedWhenSaved() {
        String id = UUID.randomUUID().toString();
        assertThat(template(id, "en", "Hi {{customer.name}}", "v1")
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        assertThat(template(id, "en", "Hi {{customer.name}}", "v2")
                        .get("version")
                        .asInt())
                .isEqualTo(2);
        JsonNode versions = manager.get("/api/email-templates/" + id).json();
        assertThat(versions.get("latest").get("text").asText()).isEqualTo("v2");
        assertThat(versions.get("versions")).hasSize(2);
        assertThat(manager.get("/api/email-templates").json().get("fields").toString())
                .contains("customer.name", "opportunity.amount", "owner.displayName");

        EngineHttp.Reply unknown = manager.post(
                "/api/email-templates",
                json(id, "en", "Hi", "Your age: {{customer.age}} {{#customer.secret}}x{{/customer.secret}}"));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("text");
        assertThat(unknown.json().get("errors").get(0).get("message").asText())
                .contains("customer.age", "customer.secret");
        EngineHttp.Reply partial = manager.post("/api/email-templates", json(null, "en", "{{>footer}}", "x"));
        assertThat(partial.status()).isEqualTo(400);
        assertThat(manager.get("/api/email-templates/" + id).json().get("versions"))
                .hasSize(2);

        assertThat(rep.post("/api/email-templates", json(null, "en", "Hi", "x")).status())
                .isEqualTo(403);
        assertThat(manager.get("/api/email-templates/" + UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    @Test
    void anEmailIsRenderedInZhCnAndEnSentOverSmtpAndRecordedAsAnOutboundEmailContact() throws Exception {
        EngineHttp.Reply zh = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(zhTemplate));
        assertThat(zh.status()).as(zh.toString()).isEqualTo(202);
        String zhEmail = zh.json().get("emailId").asText();
        MimeMessage chinese = received(zhEmail);
        assertThat(chinese.getSubject()).isEqualTo("Li Wei，您好");
        assertThat(chinese.getAllRecipients()[0].toString()).isEqualTo("li.wei@tea.example");
        String body = GreenMailUtil.getBody(chinese);
        String text = (String) chinese.getContent();
        assertThat(text)
                .contains("尊敬的Li Wei（Hangzhou Tea Co.）：", "「ERP rollout」报价 ¥1,250,000.00。", "Ann Lin")
                .contains("退订：http://crm.example/api/email/unsubscribe?token=");
        assertThat(body).isNotBlank();
        assertThat(chinese.getHeader("List-Unsubscribe", null))
                .startsWith("<http://crm.example/api/email/unsubscribe?token=");
        assertThat(chinese.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");

        EngineHttp.Reply en =
                send(rep, opportunityId, "{\"templateId\": \"%s\", \"templateVersion\": 1}".formatted(enTemplate));
        assertThat(en.status()).as(en.toString()).isEqualTo(202);
        MimeMessage english = received(en.json().get("emailId").asText());
        assertThat(english.getSubject()).isEqualTo("An offer for Hangzhou Tea Co.");
        assertThat((String) english.getContent())
                .contains(
                        "Dear Li Wei,",
                        "our offer for ERP rollout is CN¥1,250,000.00.",
                        "Unsubscribe: http://crm.example/");

        JsonNode sent = emailWhen(opportunityId, zhEmail, "SENT");
        assertThat(sent.get("messageId").asText()).isEqualTo("<" + zhEmail + "@opportunity-engine.local>");
        assertThat(sent.get("to").asText()).isEqualTo("li.wei@tea.example");
        assertThat(sent.get("recipientSource").asText()).isEqualTo("CUSTOMER");
        List<JsonNode> events = events(opportunityId);
        JsonNode requested = events.stream()
                .filter(event -> event.get("type").asText().endsWith("EmailRequested"))
                .findFirst()
                .orElseThrow()
                .get("payload");
        assertThat(requested.toString()).doesNotContain("li.wei@tea.example");
        assertThat(requested.get("recipient").asText()).isEqualTo(Addresses.reference("li.wei@tea.example"));
        assertThat(events.stream()
                        .filter(event -> event.get("type").asText().endsWith("ContactLogged"))
                        .map(event -> event.get("payload"))
                        .filter(payload -> payload.get("channel").asText().equals("EMAIL")
                                && payload.get("direction").asText().equals("OUTBOUND")))
                .isNotEmpty();
    }

    @Test
    void badInputIsAProblemWithNothingAppendedAndNothingSent() throws Exception {
        String opportunity = opportunity();
        long version = version(opportunity);
        int mails = smtp.getReceivedMessages().length;
        record Bad(EngineHttp as, String body, int status, String code) {}
        List<Bad> bad = List.of(
                new Bad(rep, "{\"templateId\": \"%s\"}".formatted(UUID.randomUUID()), 400, "UNKNOWN_EMAIL_TEMPLATE"),
                new Bad(
                        rep,
                        "{\"templateId\": \"%s\", \"templateVersion\": 9}".formatted(zhTemplate),
                        400,
                        "UNKNOWN_EMAIL_TEMPLATE"),
                new Bad(rep, "{\"templateId\": \"%s\", \"to\": \"not an address\"}".formatted(zhTemplate), 400, null),
                new Bad(
                        rep,
                        "{\"templateId\": \"%s\", \"to\": \"Li <li@tea.example>\"}".formatted(zhTemplate),
                        400,
                        null),
                new Bad(
                        rep,
                        "{\"templateId\": \"%s\", \"sendAt\": \"%s\"}"
                                .formatted(zhTemplate, Instant.now().minus(Duration.ofMinutes(5))),
                        400,
                        "SEND_AT_IN_PAST"),
                new Bad(otherRep, "{\"templateId\": \"%s\"}".formatted(zhTemplate), 404, "OPPORTUNITY_NOT_FOUND"),
                new Bad(rep, "{}", 400, null));
        for (Bad request : bad) {
            EngineHttp.Reply reply = send(request.as(), opportunity, request.body());
            assertThat(reply.status()).as(request.body() + " -> " + reply).isEqualTo(request.status());
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            if (request.code() != null) {
                assertThat(reply.json().get("code").asText()).isEqualTo(request.code());
            }
        }
        assertThat(otherRep.get("/api/opportunities/" + opportunity + "/emails").status())
                .isEqualTo(404);
        assertThat(version(opportunity)).isEqualTo(version);

        assertThat(rep.post("/api/opportunities/" + opportunity + "/lose", "{\"reason\": \"budget\"}")
                        .status())
                .isEqualTo(200);
        EngineHttp.Reply closed = send(rep, opportunity, "{\"templateId\": \"%s\"}".formatted(zhTemplate));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(409);
        assertThat(closed.json().get("code").asText()).isEqualTo("OPPORTUNITY_CLOSED");
        assertThat(version(opportunity)).isEqualTo(version + 1);

        // a good one after the bad ones: it is the only one that arrives
        String sentinel = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(enTemplate))
                .json()
                .get("emailId")
                .asText();
        received(sentinel);
        assertThat(smtp.getReceivedMessages()).hasSize(mails + 1);
    }

    @Test
    void theUnsubscribeLinkSuppressesTheAddressIdempotentlyWithoutAKey() throws Exception {
        String emailId = send(
                        rep,
                        opportunityId,
                        "{\"templateId\": \"%s\", \"to\": \"Opt.Out@tea.example\"}".formatted(enTemplate))
                .json()
                .get("emailId")
                .asText();
        MimeMessage message = received(emailId);
        String link = message.getHeader("List-Unsubscribe", null);
        String token = URLDecoder.decode(
                link.substring(link.indexOf("token=") + 6, link.length() - 1), StandardCharsets.UTF_8);
        EngineHttp anonymous = new EngineHttp(port);

        EngineHttp.Reply page = anonymous.get("/api/email/unsubscribe?token=" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\"");
        // the page changed nothing: the address still gets email
        assertThat(send(
                                rep,
                                opportunityId,
                                "{\"templateId\": \"%s\", \"to\": \"opt.out@tea.example\"}".formatted(enTemplate))
                        .status())
                .isEqualTo(202);

        String oneClick = "List-Unsubscribe=One-Click";
        EngineHttp.Reply first = anonymous.send(
                "POST",
                "/api/email/unsubscribe?token=" + token,
                oneClick,
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("reason").asText()).isEqualTo("UNSUBSCRIBED");
        EngineHttp.Reply again = anonymous.send(
                "POST",
                "/api/email/unsubscribe?token=" + token,
                oneClick,
                "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("since").asText())
                .isEqualTo(first.json().get("since").asText());

        EngineHttp.Reply refused = send(
                rep, opportunityId, "{\"templateId\": \"%s\", \"to\": \"OPT.OUT@tea.example\"}".formatted(enTemplate));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("EMAIL_ADDRESS_SUPPRESSED");

        String forged = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
        assertThat(anonymous.post("/api/email/unsubscribe?token=" + forged, "").status())
                .isEqualTo(400);
        assertThat(anonymous.post("/api/email/unsubscribe", "").status()).isEqualTo(400);
    }

    @Test
    void aHardBounceIsRecordedAndSuppressesTheAddress() throws Exception {
        String opportunity = opportunity();
        String emailId = send(
                        rep,
                        opportunity,
                        "{\"templateId\": \"%s\", \"to\": \"nobody@tea.example\"}".formatted(enTemplate))
                .json()
                .get("emailId")
                .asText();
        received(emailId);
        emailWhen(opportunity, emailId, "SENT");
        String dsn = """
                From: MAILER-DAEMON@mx.tea.example
                To: no-reply@opportunity-engine.local
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dsn-1@mx.tea.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

                --b1
                Content-Type: text/plain

                Your message could not be delivered.
                --b1
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.tea.example

                Final-Recipient: rfc822; nobody@tea.example
                Action: failed
                Status: 5.1.1
                Diagnostic-Code: smtp; 550 5.1.1 user unknown
                --b1
                Content-Type: text/rfc822-headers

                Message-ID: <%s@opportunity-engine.local>
                Subject: An offer
                --b1--
                """.formatted(emailId).replace("\n", "\r\n");
        assertThat(rep.send("POST", "/api/email/inbound", dsn, "Content-Type", "message/rfc822")
                        .status())
                .isEqualTo(403);
        EngineHttp.Reply bounce = gateway.send("POST", "/api/email/inbound", dsn, "Content-Type", "message/rfc822");
        assertThat(bounce.status()).as(bounce.toString()).isEqualTo(200);
        assertThat(bounce.json().get("kind").asText()).isEqualTo("BOUNCE");
        assertThat(bounce.json().get("bounceType").asText()).isEqualTo("HARD");
        assertThat(bounce.json().get("suppressed").asBoolean()).isTrue();
        assertThat(email(opportunity, emailId).get("bounce").asText()).isEqualTo("HARD 5.1.1");

        EngineHttp.Reply refused = send(
                rep, opportunity, "{\"templateId\": \"%s\", \"to\": \"nobody@tea.example\"}".formatted(enTemplate));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("code").asText()).isEqualTo("EMAIL_ADDRESS_SUPPRESSED");
        // the same bounce again records nothing new
        long version = version(opportunity);
        assertThat(gateway.send("POST", "/api/email/inbound", dsn, "Content-Type", "message/rfc822")
                        .status())
                .isEqualTo(200);
        assertThat(version(opportunity)).isEqualTo(version);
    }

    @Test
    void aReplyIsAnInboundEmailContact() throws Exception {
        String emailId = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(zhTemplate))
                .json()
                .get("emailId")
                .asText();
        received(emailId);
        String reply = """
                From: li.wei@tea.example
                To: no-reply@opportunity-engine.local
                Subject: Re: Li Wei，您好
                Message-ID: <reply-%s@tea.example>
                In-Reply-To: <%s@opportunity-engine.local>
                References: <%s@opportunity-engine.local>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=UTF-8

                好的，我们下周谈。
                """.formatted(emailId, emailId, emailId).replace("\n", "\r\n");
        EngineHttp.Reply matched = gateway.send("POST", "/api/email/inbound", reply, "Content-Type", "message/rfc822");
        assertThat(matched.status()).as(matched.toString()).isEqualTo(200);
        assertThat(matched.json().get("kind").asText()).isEqualTo("REPLY");
        assertThat(email(opportunityId, emailId).get("replies").get(0).asText())
                .isEqualTo("<reply-" + emailId + "@tea.example>");
        assertThat(events(opportunityId).stream()
                        .map(event -> event.get("payload"))
                        .filter(payload -> "EMAIL"
                                        .equals(payload.path("channel").asText())
                                && "INBOUND".equals(payload.path("direction").asText())))
                .hasSize(1);
        EngineHttp.Reply stranger = gateway.send(
                "POST",
                "/api/email/inbound",
                "From: a@b.example\r\nSubject: hi\r\n\r\nhello\r\n",
                "Content-Type",
                "message/rfc822");
        assertThat(stranger.json().get("kind").asText()).isEqualTo("UNMATCHED");
    }

    @Test
    void aFailedEmailIsSentAgainOnlyWhenAnAdminRetriesIt() throws Exception {
        smtp.stop();
        String emailId;
        try {
            emailId = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(enTemplate))
                    .json()
                    .get("emailId")
                    .asText();
            JsonNode failed = emailWhen(opportunityId, emailId, "FAILED");
            assertThat(failed.get("status").asText()).isEqualTo("FAILED");
            assertThat(failed.get("failure").asText()).isNotBlank();
        } finally {
            smtp = new GreenMail(new ServerSetup(SMTP_PORT, null, ServerSetup.PROTOCOL_SMTP));
            smtp.start();
        }
        assertThat(rep.post("/api/admin/emails/" + emailId + "/retry", "").status())
                .isEqualTo(403);
        EngineHttp.Reply retry = admin.post("/api/admin/emails/" + emailId + "/retry", "");
        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        MimeMessage message = received(emailId);
        assertThat(message.getSubject()).isEqualTo("An offer for Hangzhou Tea Co.");
        assertThat(emailWhen(opportunityId, emailId, "SENT").get("attempt").asInt())
                .isEqualTo(1);
        EngineHttp.Reply twice = admin.post("/api/admin/emails/" + emailId + "/retry", "");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asText()).isEqualTo("EMAIL_NOT_RETRYABLE");
    }

    @Test
    void theDispatcherReadingTheLogFromTheStartAgainSendsNothingNew() throws Exception {
        String before = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(enTemplate))
                .json()
                .get("emailId")
                .asText();
        received(before);
        TrackingEventProcessor dispatcher = processing
                .eventProcessor(EmailDispatcher.GROUP, TrackingEventProcessor.class)
                .orElseThrow();
        assertThat(dispatcher.supportsReset()).isFalse();
        int mails = smtp.getReceivedMessages().length;
        // worse than a reset (which would mark the events as a replay, and the handler skips a replay): the token
        // back before the first event, so the dispatcher handles every past email again as if it were new
        dispatcher.shutDown();
        try {
            DefaultUnitOfWork.startAndGet(null).execute(() -> {
                tokenStore.fetchToken(EmailDispatcher.GROUP, 0);
                tokenStore.storeToken(
                        GapAwareTrackingToken.newInstance(-1, Collections.emptySortedSet()), EmailDispatcher.GROUP, 0);
                tokenStore.releaseClaim(EmailDispatcher.GROUP, 0);
            });
        } finally {
            dispatcher.start();
        }

        String after = send(rep, opportunityId, "{\"templateId\": \"%s\"}".formatted(zhTemplate))
                .json()
                .get("emailId")
                .asText();
        received(after);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (queue.size() > 0 && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(queue.size()).isZero();
        assertThat(smtp.getReceivedMessages()).hasSize(mails + 1);
        // each of the two is recorded as sent exactly once: reading the log again appended nothing either
        assertThat(emailWhen(opportunityId, after, "SENT").get("status").asText())
                .isEqualTo("SENT");
        for (String emailId : List.of(before, after)) {
            assertThat(events(opportunityId).stream()
                            .filter(event -> event.get("type").asText().endsWith("EmailSent"))
                            .filter(event ->
                                    event.get("payload").get("emailId").asText().equals(emailId)))
                    .hasSize(1);
        }
    }
}
