package com.opportunityengine.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.testing.http.EngineHttp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Email in the standalone engine without an SMTP server: the email is written to {@code <data-dir>/outbox/} as an
 * {@code .eml} file, and once sent it is an outbound EMAIL contact on the timeline and in customer behaviour.
 */
@SpringBootTest(
        classes = OpportunityEngineApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class EmailIT {

    static Path data;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) throws IOException {
        data = Files.createTempDirectory("email-engine-it");
        registry.add("engine.data-dir", data::toString);
        registry.add("engine.embedded-mongo.port", () -> "0");
    }

    @LocalServerPort
    int port;

    @Test
    void aSentEmailIsAnOutboxFileAnOutboundEmailContactOnTheTimelineAndInCustomerBehaviour() throws Exception {
        EngineHttp http = new EngineHttp(port, data);
        EngineHttp.Reply customer = http.post("/api/customers", """
                {"name": "Li Wei", "company": "Hangzhou Tea Co.", "email": "li.wei@tea.example"}""");
        String customerId = customer.json().get("customerId").asText();
        EngineHttp.Reply opportunity = http.post("/api/opportunities", """
                {"title": "ERP rollout", "customerId": "%s", "source": "referral", "ownerId": "admin",
                 "amount": {"value": "1250000.00", "currency": "CNY"}}""".formatted(customerId));
        assertThat(opportunity.status()).as(opportunity.toString()).isEqualTo(201);
        String id = opportunity.json().get("opportunityId").asText();
        EngineHttp.Reply template = http.post("/api/email-templates", """
                {"name": "Offer", "locale": "zh-CN", "subject": "{{opportunity.title}} 报价",
                 "text": "{{customer.name}}，您好：报价 {{opportunity.amount}}。", "html": "<p>{{customer.name}}，您好</p>"}""");
        assertThat(template.status()).as(template.toString()).isEqualTo(201);
        EngineHttp.Reply requested = http.post(
                "/api/opportunities/" + id + "/emails",
                "{\"templateId\": \"" + template.json().get("templateId").asText() + "\"}");
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String emailId = requested.json().get("emailId").asText();

        JsonNode timeline = http.getUntil(
                        "/api/opportunities/" + id + "/timeline",
                        reply -> reply.status() == 200 && reply.body().contains("\"EMAIL\""))
                .json();
        JsonNode contact = null;
        for (JsonNode item : timeline.get("items")) {
            if (item.get("type").asText().equals("CONTACT")) {
                contact = item;
            }
        }
        assertThat(contact).as(timeline.toString()).isNotNull();
        assertThat(contact.get("details").get("channel").asText()).isEqualTo("EMAIL");
        assertThat(contact.get("details").get("direction").asText()).isEqualTo("OUTBOUND");

        JsonNode behaviour = http.getUntil(
                        "/api/customers/" + customerId + "/behavior",
                        reply -> reply.status() == 200
                                && reply.json().path("contacts").path("total").asLong() == 1)
                .json();
        assertThat(behaviour.get("contacts").get("byChannel").get("EMAIL").asLong())
                .isEqualTo(1);

        Path eml = data.resolve("outbox").resolve(emailId + "-0.eml");
        assertThat(eml).exists();
        jakarta.mail.internet.MimeMessage message;
        try (InputStream in = Files.newInputStream(eml)) {
            message = new jakarta.mail.internet.MimeMessage(jakarta.mail.Session.getInstance(new Properties()), in);
        }
        assertThat(message.getSubject()).isEqualTo("ERP rollout 报价");
        assertThat(message.getMessageID()).isEqualTo("<" + emailId + "@opportunity-engine.local>");
        assertThat(message.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(message.getContentType()).startsWith("multipart/");
        // the views follow the stream's version, email events included
        long version = http.get("/api/opportunities/" + id + "/emails")
                .json()
                .get("version")
                .asLong();
        assertThat(http.getUntil("/api/opportunities/" + id + "?minVersion=" + version, reply -> reply.status() == 200)
                        .status())
                .isEqualTo(200);
    }
}
