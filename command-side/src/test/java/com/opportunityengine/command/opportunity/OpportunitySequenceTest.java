package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.command.opportunity.OpportunityHistory.CUSTOMER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.OWNER;
import static com.opportunityengine.command.opportunity.OpportunityHistory.anOpenOpportunity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.instanceOf;

import com.opportunityengine.command.assignment.AssignmentWorld;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.email.Addresses;
import com.opportunityengine.command.email.EmailTemplate;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.command.email.Suppressions;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.email.BounceType;
import com.opportunityengine.events.email.EmailBounced;
import com.opportunityengine.events.email.EmailId;
import com.opportunityengine.events.email.EmailReplyReceived;
import com.opportunityengine.events.email.EmailRequested;
import com.opportunityengine.events.email.EnrolInSequence;
import com.opportunityengine.events.email.RecipientSource;
import com.opportunityengine.events.email.RecordEmailBounce;
import com.opportunityengine.events.email.RecordEmailReply;
import com.opportunityengine.events.email.RequestEmail;
import com.opportunityengine.events.email.SequenceEnrolled;
import com.opportunityengine.events.email.SequenceId;
import com.opportunityengine.events.email.SequenceStep;
import com.opportunityengine.events.email.SequenceStopReason;
import com.opportunityengine.events.email.SequenceStopped;
import com.opportunityengine.events.email.SequenceUnenrolled;
import com.opportunityengine.events.email.UnenrolFromSequence;
import com.opportunityengine.events.opportunity.AdvanceStage;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ConvertToDeal;
import com.opportunityengine.events.opportunity.MarkLost;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.testing.EmbeddedMongo;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opportunity's email sequence rules: one active enrolment, unenrolment, and the stops by themselves. */
class OpportunitySequenceTest {

    private static final EmbeddedMongo MONGO = new EmbeddedMongo();
    private static final SequenceId SEQUENCE = SequenceId.of("5e000000-0000-4000-8000-000000000001");
    private static final SequenceId OTHER = SequenceId.of("5e000000-0000-4000-8000-000000000002");
    private static final EmailId EMAIL = EmailId.of("e0000000-0000-4000-8000-000000000001");
    private static final String ADDRESS = "li.wei@tea.example";

    private FixtureConfiguration<Opportunity> fixture;
    private OpportunityHistory history;
    private EmailWorld email;
    private EmailTemplate template;

    @AfterAll
    static void stop() {
        MONGO.close();
    }

    @BeforeEach
    void setUp() {
        email = new EmailWorld(MONGO.database("sequence-" + UUID.randomUUID()))
                .customer(CUSTOMER, "Li Wei", "Hangzhou Tea Co.", ADDRESS);
        template = email.template("step-1", "en", "Hello {{customer.name}}", "Our offer for {{opportunity.title}}");
        history = anOpenOpportunity();
        fixture = new AggregateTestFixture<>(Opportunity.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(Pipelines.of(Pipeline.DEFAULT))
                .registerInjectableResource(new FakeDirectory().with(AggregateDirectory.CUSTOMER, CUSTOMER))
                .registerInjectableResource(new AssignmentWorld(email.database).assigner())
                .registerInjectableResource(email.composer());
    }

    private List<Object> given(Object... more) {
        List<Object> events = new ArrayList<>(history.events());
        events.addAll(List.of(more));
        return events;
    }

    private List<Object> enrolled(Object... more) {
        List<Object> events = given(new SequenceEnrolled(history.id, SEQUENCE, NOW, 2, 1));
        events.addAll(List.of(more));
        return events;
    }

    private EmailRequested requested() {
        return new EmailRequested(
                history.id,
                EMAIL,
                "5d1e4c7a-0000-4000-8000-000000000001",
                1,
                Addresses.reference(ADDRESS),
                RecipientSource.CUSTOMER,
                OWNER,
                "0".repeat(64),
                null,
                NOW);
    }

    /** The payloads of the applied events, exactly these in this order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Matcher payloads(Matcher<?>... matchers) {
        List<Matcher<?>> all = new ArrayList<>(List.of(matchers));
        all.add(andNoMore());
        return payloadsMatching(exactSequenceOf(all.toArray(new Matcher[0])));
    }

    @Test
    void anOpenOpportunityIsEnrolled() {
        fixture.given(history.events())
                .when(new EnrolInSequence(history.id, SEQUENCE, 3, null))
                .expectEvents(new SequenceEnrolled(history.id, SEQUENCE, NOW, 3, 1))
                .expectResultMessagePayload(history.version() + 1);
    }

    @Test
    void aSecondActiveSequenceIsRefusedAndAppendsNothing() {
        fixture.given(enrolled())
                .when(new EnrolInSequence(history.id, OTHER, null))
                .expectException(breaking(ErrorCode.SEQUENCE_ALREADY_ACTIVE))
                .expectNoEvents();
        fixture.given(enrolled())
                .when(new EnrolInSequence(history.id, SEQUENCE, null))
                .expectException(breaking(ErrorCode.SEQUENCE_ALREADY_ACTIVE))
                .expectNoEvents();
    }

    @Test
    void aClosedOpportunityIsNotEnrolled() {
        fixture.given(history.lost().events())
                .when(new EnrolInSequence(history.id, SEQUENCE, null))
                .expectException(breaking(ErrorCode.OPPORTUNITY_CLOSED))
                .expectNoEvents();
    }

    @Test
    void unenrolEndsTheActiveSequenceAndThenAnotherMayStart() {
        fixture.given(enrolled())
                .when(new UnenrolFromSequence(history.id, null))
                .expectEvents(new SequenceUnenrolled(history.id, SEQUENCE, NOW));
        fixture.given(enrolled(new SequenceUnenrolled(history.id, SEQUENCE, NOW)))
                .when(new EnrolInSequence(history.id, OTHER, 1, null))
                .expectEvents(new SequenceEnrolled(history.id, OTHER, NOW, 1, 2));
        fixture.given(enrolled(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.REPLIED, NOW)))
                .when(new EnrolInSequence(history.id, OTHER, 2, null))
                .expectEvents(new SequenceEnrolled(history.id, OTHER, NOW, 2, 2));
    }

    @Test
    void unenrolWithoutAnActiveSequenceIsRefused() {
        fixture.given(history.events())
                .when(new UnenrolFromSequence(history.id, null))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
        fixture.given(enrolled(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.LOST, NOW)))
                .when(new UnenrolFromSequence(history.id, null))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
    }

    @Test
    void aReplyStopsTheSequence() {
        fixture.given(enrolled(requested()))
                .when(new RecordEmailReply(history.id, EMAIL, "<reply-1@tea.example>", null))
                .expectEventsMatching(payloads(
                        instanceOf(EmailReplyReceived.class),
                        instanceOf(ContactLogged.class),
                        equalTo(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.REPLIED, NOW))));
    }

    @Test
    void aReplyWithoutAnActiveSequenceStopsNothing() {
        fixture.given(given(requested()))
                .when(new RecordEmailReply(history.id, EMAIL, "<reply-1@tea.example>", null))
                .expectEventsMatching(payloads(instanceOf(EmailReplyReceived.class), instanceOf(ContactLogged.class)));
    }

    @Test
    void aBounceStopsTheSequence() {
        fixture.given(enrolled(requested()))
                .when(new RecordEmailBounce(history.id, EMAIL, BounceType.HARD, "5.1.1", "failed"))
                .expectEventsMatching(payloads(
                        instanceOf(EmailBounced.class),
                        equalTo(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.BOUNCED, NOW))));
    }

    @Test
    void aStageMoveStopsTheSequence() {
        fixture.given(enrolled())
                .when(new AdvanceStage(history.id, StageCode.of("needs-confirmed"), null, null, null))
                .expectEventsMatching(payloads(
                        instanceOf(StageChanged.class),
                        equalTo(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.STAGE_CHANGED, NOW))));
    }

    @Test
    void aLossStopsTheSequence() {
        fixture.given(enrolled())
                .when(new MarkLost(history.id, "price", null, null, null))
                .expectEventsMatching(payloads(
                        instanceOf(OpportunityLost.class),
                        equalTo(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.LOST, NOW))));
    }

    @Test
    void aWinStopsTheSequence() {
        fixture.given(enrolled())
                .when(new ConvertToDeal(history.id, null, null, null, null, null))
                .expectEventsMatching(payloads(
                        instanceOf(OpportunityConverted.class),
                        equalTo(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.WON, NOW)),
                        instanceOf(DealCreated.class)));
    }

    private static final String TEMPLATE = "5d1e4c7a-0000-4000-8000-000000000001";

    private SequenceStep step(int enrolment, int number) {
        return new SequenceStep(SEQUENCE, 2, enrolment, number);
    }

    private RequestEmail stepRequest(SequenceStep step) {
        return new RequestEmail(
                history.id, null, template.templateId(), template.version(), null, null, null, null, step);
    }

    @Test
    void aStepOfTheActiveEnrolmentIsRequestedUnderItsDerivedIdWithItsPinnedTemplateVersion() {
        SequenceStep step = step(1, 1);
        EmailId derived = step.emailId(history.id);
        assertThat(derived).isEqualTo(new SequenceStep(SEQUENCE, 2, 1, 1).emailId(history.id));
        assertThat(derived).isNotEqualTo(step(1, 2).emailId(history.id));
        assertThat(derived).isNotEqualTo(step(2, 1).emailId(history.id));
        fixture.given(enrolled())
                .when(stepRequest(step))
                .expectEventsMatching(payloads(new CustomTypeSafeMatcher<EmailRequested>("the step's request") {
                    @Override
                    protected boolean matchesSafely(EmailRequested e) {
                        return e.emailId().equals(derived)
                                && step.equals(e.sequenceStep())
                                && e.templateId().equals(template.templateId())
                                && e.templateVersion() == template.version();
                    }
                }));
    }

    @Test
    void aStepAskedForTwiceIsRefusedTheSecondTime() {
        SequenceStep step = step(1, 1);
        fixture.given(enrolled(requestedAs(step)))
                .when(stepRequest(step))
                .expectException(breaking(ErrorCode.ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void aStepIsRefusedUnlessItsEnrolmentIsStillActive() {
        // none active
        fixture.given(history.events())
                .when(stepRequest(step(1, 1)))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
        // stopped, unenrolled
        fixture.given(enrolled(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.REPLIED, NOW)))
                .when(stepRequest(step(1, 2)))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
        fixture.given(enrolled(new SequenceUnenrolled(history.id, SEQUENCE, NOW)))
                .when(stepRequest(step(1, 2)))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
        // a step of an earlier enrolment while a later one is active
        fixture.given(enrolled(
                        new SequenceUnenrolled(history.id, SEQUENCE, NOW),
                        new SequenceEnrolled(history.id, SEQUENCE, NOW, 2, 2)))
                .when(stepRequest(step(1, 2)))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
        // another sequence's step
        fixture.given(enrolled())
                .when(stepRequest(new SequenceStep(OTHER, 1, 1, 1)))
                .expectException(breaking(ErrorCode.SEQUENCE_NOT_ACTIVE))
                .expectNoEvents();
    }

    @Test
    void aStepToAnUnsubscribedAddressStopsTheEnrolmentInsteadOfSending() {
        email.suppressions.suppress(Addresses.reference(ADDRESS), Suppressions.UNSUBSCRIBED, NOW, null);
        fixture.given(enrolled())
                .when(stepRequest(step(1, 1)))
                .expectEvents(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.UNSUBSCRIBED, NOW));
    }

    @Test
    void aStepToAHardBouncedAddressStopsTheEnrolmentAsBounced() {
        email.suppressions.suppress(Addresses.reference(ADDRESS), Suppressions.HARD_BOUNCE, NOW, null);
        fixture.given(enrolled())
                .when(stepRequest(step(1, 1)))
                .expectEvents(new SequenceStopped(history.id, SEQUENCE, SequenceStopReason.BOUNCED, NOW));
    }

    @Test
    void aOneOffEmailToASuppressedAddressIsStillRefused() {
        email.suppressions.suppress(Addresses.reference(ADDRESS), Suppressions.UNSUBSCRIBED, NOW, null);
        fixture.given(enrolled())
                .when(new RequestEmail(history.id, EMAIL, template.templateId(), null, null, null, null, null))
                .expectException(breaking(ErrorCode.EMAIL_ADDRESS_SUPPRESSED))
                .expectNoEvents();
    }

    private EmailRequested requestedAs(SequenceStep step) {
        return new EmailRequested(
                history.id,
                step.emailId(history.id),
                template.templateId(),
                template.version(),
                Addresses.reference(ADDRESS),
                RecipientSource.CUSTOMER,
                OWNER,
                "0".repeat(64),
                null,
                NOW,
                step);
    }
}
