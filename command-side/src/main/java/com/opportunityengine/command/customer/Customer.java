package com.opportunityengine.command.customer;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.opportunityengine.command.common.AccessBeforeVersion;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.BusinessTime;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.customer.CustomerEvent;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.events.customer.RegisterCustomer;
import com.opportunityengine.events.customer.UpdateCustomer;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer that opportunities are for.
 *
 * <p>Versions: RegisterCustomer's result is the customer's id (version 0 after it);
 * UpdateCustomer returns the customer's version after the command as a {@code long} (unchanged
 * when no field changed, in which case nothing is appended).
 */
@Aggregate(
        type = AggregateDirectory.CUSTOMER,
        cache = "aggregateCache",
        commandTargetResolver = AccessBeforeVersion.BEAN)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
class Customer {

    @AggregateIdentifier
    private CustomerId customerId;

    private CustomerState state = CustomerState.initial();

    Customer() {
        // for Axon and Jackson
    }

    @CommandHandler
    Customer(RegisterCustomer command, AggregateDirectory directory, Clock clock) {
        CustomerId id = command.customerId() != null ? command.customerId() : CustomerId.random();
        if (directory.exists(id.toString(), AggregateDirectory.CUSTOMER)) {
            throw new BusinessRuleException(ErrorCode.ALREADY_EXISTS, "customer " + id + " already exists");
        }
        Instant at = BusinessTime.of(command.occurredAt(), clock, null);
        AggregateLifecycle.apply(new CustomerRegistered(
                id,
                command.name(),
                command.company(),
                command.industry(),
                command.region(),
                command.size(),
                command.email(),
                command.phone(),
                at));
    }

    /** {@code If-Match}: any version but the current one is refused (see {@link AccessBeforeVersion}). */
    @CommandHandlerInterceptor
    Object checkVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        AccessBeforeVersion.check(command, customerId, AggregateLifecycle.getVersion());
        return chain.proceed();
    }

    /** Applies only the fields that differ; nothing changed, no event. */
    @CommandHandler
    long handle(UpdateCustomer command, Clock clock) {
        Instant at = BusinessTime.of(command.occurredAt(), clock, state.lastOccurredAt());
        CustomerUpdated update = new CustomerUpdated(
                customerId,
                changed(command.name(), state.name()),
                changed(command.company(), state.company()),
                changed(command.industry(), state.industry()),
                changed(command.region(), state.region()),
                changed(command.size(), state.size()),
                changed(command.email(), state.email()),
                changed(command.phone(), state.phone()),
                at);
        if (update.equals(new CustomerUpdated(customerId, null, null, null, null, null, null, null, at))) {
            return AggregateLifecycle.getVersion();
        }
        AggregateLifecycle.apply(update);
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(CustomerEvent event) {
        customerId = event.customerId();
        state = state.apply(event);
    }

    CustomerState state() {
        return state;
    }

    private static String changed(String wanted, String current) {
        return wanted != null && !Objects.equals(wanted, current) ? wanted : null;
    }
}
