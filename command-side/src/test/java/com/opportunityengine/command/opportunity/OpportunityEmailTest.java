package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.assignment.AssignmentWorld;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.email.Addresses;
import com.opportunityengine.command.email.EmailMessage;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.command.email.Suppressions;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.email.BounceType;
import com.opportunityengine.events.email.EmailBounced;
import com.opportunityengine.events.email.EmailDeliveryUnknown;
import com.opportunityengine.events.email.EmailFailed;
import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.EmailReplyReceived;
import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.EmailRetried;
import com.opportunityengine.events.email.EmailSent;
import com.opportunityengine.events.email.MarkEmailDeliveryUnknown;
import com.opportunityengine.events.email.RecipientSource;
import com.opportunityengine.events.email.RecordEmailBounce;
import com.opportunityengine.events.email.RecordEmailFailed;
import com.opportunityengine.events.email.RecordEmailReply;
import com.opportunityengine.events.email.RecordEmailSent;
import com.opportunityengine.events.email.RequestEmail;
import com.opportunityengine.events.email.RetryEmail;
import com.opportunityengine.events.opportunity.ContactChannel;
import com.opportunityengine.events.opportunity.ContactDirection;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.security.Role;
import com.opportunityengine.testing.EmbeddedMongo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opportunity's email commands: request, the dispatcher's outcomes, retries, replies and bounces. */
class OpportunityEmailTest {

    private static final EmbeddedMongo MONGO = new EmbeddedMongo();
    private static final String TEMPLATE = "5d1e4c7a-0000-4000-8000-000000000001";
    private static final EmailId EMAIL = EmailId.of("e0000000-0000-4000-8000-000000000001");
    private static final String ADDRESS = "li.wei@tea.example";

    private FixtureConfiguration<Opportunity> fixture;
    private EmailWorld email;
    private OpportunityHistory history;

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @BeforeEach
    void setUp() {
        email = new EmailWorld(MONGO.database("email-" + UUID.randomUUID()))
                .customer(CUSTOMER, "Li Wei", "Hangzhou Tea Co.", ADDRESS);
        email.template(
                TEMPLATE,
                "zh-CN",
                "{{customer.name}}，您好",
                "尊敬的{{customer.name}}：报价 {{opportunity.amount}}。{{owner.displayName}}");
        history = anOpenOpportunity();
        fixture = new AggregateTestFixture<>(Opportunity.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(Pipelines.of())
                .registerInjectableResource(new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER))
                .registerInjectableResource(new AssignmentWorld(email.database).assigner())
                .registerInjectableResource(email.composer());
    }

    private static RequestEmail request(OpportunityHistory history, Integer version, String to, Instant sendAt) {
        return new RequestEmail(history.id, EMAIL, TEMPLATE, version, to, sendAt, null, null);
    }

    private EmailRequested requested() {
        return new EmailRequested(
                history.id,
                EMAIL,
                TEMPLATE,
                1,
                Addresses.reference(ADDRESS),
                RecipientSource.CUSTOMER,
                OWNER,
                "0".repeat(64),
                null,
                NOW);
    }

    private List<Object> given(Object... more) {
        List<Object> events = new ArrayList<>(history.events());
        events.addAll(List.of(more));
        return events;
    }

    private static ContactId contact(String name) {
        return new ContactId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anEmailRequestRecordsReferencesAndTheRenderedBodysHashNotTheAddress() {
        fixture.given(history.events())
                .when(request(history, null, null, null))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(history.version() + 1);
        EmailMessage message = email.messages.find(EMAIL.toString()).orElseThrow();
        assertThat(message.subject()).isEqualTo("Li Wei，您好");
        assertThat(message.text())
                .startsWith("尊敬的Li Wei：报价 ¥125,000.00。Alice Chen")
                .contains("退订：http://crm.example/api/email/unsubscribe?token=");
        assertThat(message.bodySha256()).isEqualTo(EmailMessage.sha256(message.subject(), message.text(), null));
        assertThat(email.addresses.address(Addresses.reference(ADDRESS))).contains(ADDRESS);
        fixture.given(history.events())
                .when(request(history, 1, null, NOW.plus(Duration.ofHours(2))))
                .expectEvents(new EmailRequested(
                        history.id,
                        EMAIL,
                        TEMPLATE,
                        1,
                        Addresses.reference(ADDRESS),
                        RecipientSource.CUSTOMER,
                        OWNER,
                        message.bodySha256(),
                        NOW.plus(Duration.ofHours(2)),
                        NOW));
    }

    @Test
    void cannotEmailAClosedOpportunity() {
        fixture.given(history.lost().events())
                .when(request(history, null, null, null))
                .expectException(breaking(ErrorCode.OPPORTUNITY_CLOSED))
                .expectNoEvents();
    }

    @Test
    void cannotEmailFromAnUnknownTemplateOrVersion() {
        fixture.given(history.events())
                .when(new RequestEmail(history.id, EMAIL, UUID.randomUUID().toString(), null, null, null, null, null))
                .expectException(breaking(ErrorCode.UNKNOWN_EMAIL_TEMPLATE))
                .expectNoEvents();
        fixture.given(history.events())
                .when(request(history, 2, null, null))
                .expectException(breaking(ErrorCode.UNKNOWN_EMAIL_TEMPLATE))
                .expectNoEvents();
    }

    @Test
    void cannotEmailASuppressedAddress() {
        email.suppressions.suppress(Addresses.reference("Li.Wei@Tea.example"), Suppressions.UNSUBSCRIBED, NOW, null);
        fixture.given(history.events())
                .when(request(history, null, null, null))
                .expectException(breaking(ErrorCode.EMAIL_ADDRESS_SUPPRESSED))
                .expectNoEvents();
        assertThat(email.messages.find(EMAIL.toString())).isEmpty();
    }

    @Test
    void cannotEmailWithoutAnAddress() {
        email.customer(CUSTOMER, "Li Wei", null, null);
        fixture.given(history.events())
                .when(request(history, null, null, null))
                .expectException(breaking(ErrorCode.EMAIL_RECIPIENT_MISSING))
                .expectNoEvents();
    }

    @Test
    void cannotScheduleAnEmailMoreThanAMinuteInThePast() {
        fixture.given(history.events())
                .when(request(history, null, null, NOW.minus(Duration.ofMinutes(2))))
                .expectException(breaking(ErrorCode.SEND_AT_IN_PAST))
                .expectNoEvents();
        fixture.given(history.events())
                .when(request(history, null, null, NOW.minus(Duration.ofSeconds(30))))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void cannotRequestTheSameEmailTwice() {
        fixture.given(given(requested()))
                .when(request(history, null, null, null))
                .expectException(breaking(ErrorCode.ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void anEmailIdAnotherOpportunityUsesIsRefused() {
        email.messages.put(new EmailMessage(
                EMAIL.toString(),
                "00000000-0000-4000-8000-00000000ffff",
                ADDRESS,
                "s",
                "t",
                null,
                EmailMessage.sha256("s", "t", null),
                TEMPLATE,
                1,
                "Welcome",
                "ann",
                "http://u",
                null,
                NOW));
        fixture.given(history.events())
                .when(request(history, null, null, null))
                .expectException(breaking(ErrorCode.ALREADY_EXISTS))
                .expectNoEvents();
        assertThat(email.messages.find(EMAIL.toString()).orElseThrow().subject())
                .isEqualTo("s");
    }

    @Test
    void aSentEmailIsRecordedOnceAsAnOutboundEmailContact() {
        ContactId contact = contact("email-sent:" + EMAIL);
        String messageId = "<" + EMAIL + "@crm.example>";
        fixture.given(given(requested()))
                .when(new RecordEmailSent(history.id, EMAIL, 0, messageId, "Email 'Welcome' v1"))
                .expectEvents(
                        new EmailSent(history.id, EMAIL, 0, messageId, contact, NOW),
                        new ContactLogged(
                                history.id,
                                contact,
                                ContactChannel.EMAIL,
                                ContactDirection.OUTBOUND,
                                "Email 'Welcome' v1",
                                List.of(),
                                "SENT",
                                NOW));
        fixture.given(given(requested(), new EmailSent(history.id, EMAIL, 0, messageId, contact, NOW)))
                .when(new RecordEmailSent(history.id, EMAIL, 0, messageId, "again"))
                .expectNoEvents();
        fixture.given(given(requested(), new EmailSent(history.id, EMAIL, 0, messageId, contact, NOW)))
                .when(new RecordEmailFailed(history.id, EMAIL, 0, "550 no"))
                .expectNoEvents();
    }

    @Test
    void anOutcomeForAnEmailTheOpportunityDoesNotHaveIsRefused() {
        fixture.given(history.events())
                .when(new RecordEmailSent(history.id, EMAIL, 0, "<x@y>", "x"))
                .expectException(breaking(ErrorCode.EMAIL_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void anUnconfirmedClaimIsUnknownAndOnlyAnAdminRetriesIt() {
        fixture.given(given(requested()))
                .when(new MarkEmailDeliveryUnknown(history.id, EMAIL, 0))
                .expectEvents(new EmailDeliveryUnknown(history.id, EMAIL, 0, NOW));
        fixture.given(given(requested()))
                .when(new RetryEmail(history.id, EMAIL))
                .expectException(breaking(ErrorCode.EMAIL_NOT_RETRYABLE))
                .expectNoEvents();
        Object unknown = new EmailDeliveryUnknown(history.id, EMAIL, 0, NOW);
        fixture.given(given(requested(), unknown))
                .when(new RetryEmail(history.id, EMAIL), as("li.wei", Role.SALES_REP))
                .expectException(breaking(ErrorCode.ROLE_NOT_ALLOWED))
                .expectNoEvents();
        fixture.given(given(requested(), unknown))
                .when(new RetryEmail(history.id, EMAIL), as("admin", Role.ADMIN))
                .expectEvents(new EmailRetried(history.id, EMAIL, 1, NOW));
        // a late unknown for the old attempt does not touch the retry
        fixture.given(given(requested(), unknown, new EmailRetried(history.id, EMAIL, 1, NOW)))
                .when(new MarkEmailDeliveryUnknown(history.id, EMAIL, 0))
                .expectNoEvents();
    }

    @Test
    void aFailedEmailMayBeRetried() {
        fixture.given(given(requested()))
                .when(new RecordEmailFailed(history.id, EMAIL, 0, "451 try later"))
                .expectEvents(new EmailFailed(history.id, EMAIL, 0, "451 try later", NOW));
        fixture.given(given(requested(), new EmailFailed(history.id, EMAIL, 0, "451 try later", NOW)))
                .when(new RetryEmail(history.id, EMAIL))
                .expectEvents(new EmailRetried(history.id, EMAIL, 1, NOW));
    }

    @Test
    void aReplyIsAnInboundEmailContactOncePerReply() {
        ContactId contact = contact("email-reply:<r1@tea.example>");
        Instant at = NOW.minus(Duration.ofMinutes(5));
        fixture.given(given(requested()))
                .when(new RecordEmailReply(history.id, EMAIL, "<r1@tea.example>", at))
                .expectEvents(
                        new EmailReplyReceived(history.id, EMAIL, "<r1@tea.example>", contact, at),
                        new ContactLogged(
                                history.id,
                                contact,
                                ContactChannel.EMAIL,
                                ContactDirection.INBOUND,
                                "Reply to an email",
                                List.of(),
                                null,
                                at));
        fixture.given(given(
                        requested(),
                        new EmailReplyReceived(history.id, EMAIL, "<r1@tea.example>", contact, at),
                        new ContactLogged(
                                history.id,
                                contact,
                                ContactChannel.EMAIL,
                                ContactDirection.INBOUND,
                                "Reply to an email",
                                List.of(),
                                null,
                                at)))
                .when(new RecordEmailReply(history.id, EMAIL, "<r1@tea.example>", at))
                .expectNoEvents();
    }

    @Test
    void aBounceIsRecordedOncePerEmail() {
        EmailBounced bounced = new EmailBounced(history.id, EMAIL, BounceType.HARD, "5.1.1", "failed", NOW);
        fixture.given(given(requested()))
                .when(new RecordEmailBounce(history.id, EMAIL, BounceType.HARD, "5.1.1", "failed"))
                .expectEvents(bounced);
        fixture.given(given(requested(), bounced))
                .when(new RecordEmailBounce(history.id, EMAIL, BounceType.HARD, "5.1.1", "failed"))
                .expectNoEvents();
    }

    private static MetaData as(String userId, Role role) {
        return MetaData.from(ActorMetaData.of(Actor.user(userId, Set.of(role), Set.of())));
    }
}
