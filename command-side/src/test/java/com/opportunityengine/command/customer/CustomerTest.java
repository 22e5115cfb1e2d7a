package com.opportunityengine.command.customer;

import static com.opportunityengine.command.common.BusinessRuleMatchers.breaking;
import static com.opportunityengine.command.common.TestTime.CLOCK;
import static com.opportunityengine.command.common.TestTime.NOW;
import static com.opportunityengine.events.common.ErrorCode.ALREADY_EXISTS;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_BEFORE_PREVIOUS_EVENT;
import static com.opportunityengine.events.common.ErrorCode.OCCURRED_IN_FUTURE;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.customer.UpdateCustomer;
import java.time.Duration;
import java.time.Instant;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final CustomerId ACME = CustomerId.of("00000000-0000-0000-0000-0000000000c1");
    private static final Instant REGISTERED_AT = NOW.minus(Duration.ofDays(30));

    private FixtureConfiguration<Customer> fixture;
    private FakeDirectory directory;

    @BeforeEach
    void setUp() {
        directory = new FakeDirectory();
        fixture = new AggregateTestFixture<>(Customer.class)
                .registerInjectableResource(CLOCK)
                .registerInjectableResource(directory);
    }

    private static CustomerRegistered aRegisteredCustomer() {
        return new CustomerRegistered(
                ACME, "Zhang San", "Acme", "manufacturing", "east", "500+", "zs@acme.cn", "+86 21 5555", REGISTERED_AT);
    }

    private static UpdateCustomer update(String name, String company, String region, Instant occurredAt) {
        return new UpdateCustomer(ACME, name, company, null, region, null, null, null, occurredAt, null);
    }

    @Test
    void registersACustomerNow() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ACME, "Zhang San", "Acme", null, null, null, null, null, null))
                .expectResultMessagePayload(ACME)
                .expectEvents(new CustomerRegistered(ACME, "Zhang San", "Acme", null, null, null, null, null, NOW));
    }

    @Test
    void cannotRegisterACustomerUnderATakenId() {
        directory.with(AggregateDirectory.CUSTOMER, ACME);
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ACME, "Zhang San", null, null, null, null, null, null, null))
                .expectException(breaking(ALREADY_EXISTS))
                .expectNoEvents();
    }

    @Test
    void cannotRegisterACustomerInTheFuture() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(ACME, "Zhang San", null, null, null, null, null, null, NOW.plusSeconds(1)))
                .expectException(breaking(OCCURRED_IN_FUTURE))
                .expectNoEvents();
    }

    @Test
    void recordsOnlyTheChangedFields() {
        fixture.given(aRegisteredCustomer())
                .when(update("Zhang San", "Acme Group", "north", null))
                .expectResultMessagePayload(1L)
                .expectEvents(new CustomerUpdated(ACME, null, "Acme Group", null, "north", null, null, null, NOW));
    }

    @Test
    void anUpdateThatChangesNothingAppendsNothingAndKeepsTheVersion() {
        fixture.given(aRegisteredCustomer())
                .when(update("Zhang San", "Acme", null, null))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayload(0L)
                .expectNoEvents();
    }

    @Test
    void cannotUpdateBeforeTheRegistration() {
        fixture.given(aRegisteredCustomer())
                .when(update("Li Si", null, null, REGISTERED_AT.minusSeconds(1)))
                .expectException(breaking(OCCURRED_BEFORE_PREVIOUS_EVENT))
                .expectNoEvents();
    }
}
