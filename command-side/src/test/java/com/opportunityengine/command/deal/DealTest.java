package com.opportunityengine.command.deal;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.events.common.ErrorCode.DEAL_ALREADY_CLOSED;
import static com.opportunityengine.events.common.ErrorCode.DEAL_NOT_FOUND;
import static com.opportunityengine.events.common.ErrorCode.INVALID_AMOUNT;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_BEFORE_PREVIOUS_EVENT;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_IN_FUTURE;
import static com.opportunityengine.events.common.ErrorCode.ROLE_NOT_ALLOWED;
import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.config.ActorMetaData;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealClosed;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.deal.DealOutcome;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.security.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DealTest {

    private static final DealId DEAL = DealId.of("00000000-0000-0000-0000-0000000000de");
    private static final Money EXPECTED = Money.of("120000.00", "CNY");
    private static final Instant CREATED_AT = NOW.minus(Duration.ofDays(5));

    private FixtureConfiguration<Deal> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Deal.class)
                .registerParameterResolverFactory(new ActorParameterResolverFactory())
                .registerInjectableResource(CLOCK);
    }

    private static DealCreated anOpenDeal() {
        return new DealCreated(
                DEAL,
                OpportunityId.random(),
                CustomerId.random(),
                UserId.of("li.wei"),
                EXPECTED,
                LocalDate.parse("2026-04-30"),
                List.of(ContactId.random()),
                List.of(),
                CREATED_AT);
    }

    private static DealClosed booked() {
        return new DealClosed(DEAL, DealOutcome.BOOKED, EXPECTED, null, CREATED_AT.plusSeconds(60));
    }

    @Test
    void isBookedAtTheExpectedAmountUnlessToldOtherwise() {
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.BOOKED, null, null, null, 0L))
                .expectResultMessagePayload(1L)
                .expectEvents(new DealClosed(DEAL, DealOutcome.BOOKED, EXPECTED, null, NOW));
    }

    @Test
    void isBookedAtTheActualAmount() {
        Money actual = Money.of("118000.00", "CNY");
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.BOOKED, actual, "discount", null, null))
                .expectEvents(new DealClosed(DEAL, DealOutcome.BOOKED, actual, "discount", NOW));
    }

    @Test
    void isLostWithoutAnAmount() {
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.LOST, null, "legal said no", null, null))
                .expectEvents(new DealClosed(DEAL, DealOutcome.LOST, null, "legal said no", NOW));
    }

    @Test
    void cannotCloseADealTwice() {
        fixture.given(anOpenDeal(), booked())
                .when(new CloseDeal(DEAL, DealOutcome.LOST, null, "changed mind", null, null))
                .expectException(breaking(DEAL_ALREADY_CLOSED))
                .expectNoEvents();
    }

    @Test
    void cannotBookANegativeAmount() {
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.BOOKED, Money.of("-1", "CNY"), null, null, null))
                .expectException(breaking(INVALID_AMOUNT))
                .expectNoEvents();
    }

    @Test
    void cannotCloseBeforeItWasCreated() {
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.LOST, null, null, CREATED_AT.minusSeconds(1), null))
                .expectException(breaking(OCCURRED_BEFORE_PREVIOUS_EVENT))
                .expectNoEvents();
    }

    @Test
    void cannotCloseInTheFuture() {
        fixture.given(anOpenDeal())
                .when(new CloseDeal(DEAL, DealOutcome.LOST, null, null, NOW.plusSeconds(1), null))
                .expectException(breaking(OCCURRED_IN_FUTURE))
                .expectNoEvents();
    }

    // ---- who may close it: its owner (li.wei) and the owner's manager, as business rules ----------------

    private static MetaData as(String userId, Role role, Set<String> team) {
        return MetaData.from(ActorMetaData.of(Actor.user(userId, Set.of(role), team)));
    }

    @Test
    void itsOwnerAndTheOwnersManagerCloseIt() {
        fixture.given(anOpenDeal())
                .when(close(), as("li.wei", Role.SALES_REP, Set.of()))
                .expectSuccessfulHandlerExecution();
        fixture.given(anOpenDeal())
                .when(close(), as("wang.boss", Role.SALES_MANAGER, Set.of("li.wei")))
                .expectSuccessfulHandlerExecution();
        fixture.given(anOpenDeal())
                .when(close(), as("erp-sync", Role.SERVICE, Set.of()))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void someoneElsesDealDoesNotExistForThem() {
        fixture.given(anOpenDeal())
                .when(close(), as("zhao.lei", Role.SALES_REP, Set.of()))
                .expectException(breaking(DEAL_NOT_FOUND))
                .expectExceptionMessage("there is no deal " + DEAL)
                .expectNoEvents();
        fixture.given(anOpenDeal())
                .when(close(), as("sun.boss", Role.SALES_MANAGER, Set.of("zhao.lei")))
                .expectException(breaking(DEAL_NOT_FOUND))
                .expectNoEvents();
    }

    @Test
    void readersCloseNoDeals() {
        fixture.given(anOpenDeal())
                .when(close(), as("an.alyst", Role.ANALYST, Set.of()))
                .expectException(breaking(ROLE_NOT_ALLOWED))
                .expectNoEvents();
    }

    private static CloseDeal close() {
        return new CloseDeal(DEAL, DealOutcome.BOOKED, null, null, null, null);
    }

    @Test
    void foldsItsEvents() {
        DealState state = DealState.fold(List.of(anOpenDeal(), booked()));
        assertThat(state.closed()).isTrue();
        assertThat(state.actualAmount()).isEqualTo(EXPECTED);
        assertThat(state.contactIds()).hasSize(1);
    }
}
