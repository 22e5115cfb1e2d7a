package com.opportunityengine.command.deal;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.opportunityengine.command.access.Actor;
import com.opportunityengine.command.access.CommandAccess;
import com.opportunityengine.command.common.AccessBeforeVersion;
import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.command.common.Amounts;
import com.opportunityengine.command.common.BusinessTime;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.deal.CloseDeal;
import com.opportunityengine.events.deal.DealClosed;
import com.opportunityengine.events.deal.DealCreated;
import com.opportunityengine.events.deal.DealEvent;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.deal.DealOutcome;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A deal (销售机会): what a won opportunity became. It is born only inside the opportunity's
 * ConvertToDeal, through {@code AggregateLifecycle.createNew(Deal.class, () -> new Deal(created))},
 * in the same unit of work; afterwards it takes CloseDeal.
 *
 * <p>Versions: every command handler returns the deal's version after the command (a
 * {@code long}, the sequence number of its last event); its first event is version 0.
 */
@Aggregate(type = AggregateDirectory.DEAL, cache = "aggregateCache", commandTargetResolver = AccessBeforeVersion.BEAN)
@JsonAutoDetect(
        fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Deal {

    @AggregateIdentifier
    private DealId dealId;

    private DealState state = DealState.initial();

    protected Deal() {
        // for Axon and Jackson
    }

    /** Opens the deal; called by the converting opportunity, which has checked every rule. */
    public Deal(DealCreated created) {
        AggregateLifecycle.apply(created);
    }

    /**
     * Every command on a deal is checked against the {@link Actor} who sends it and the
     * deal's owner (the won opportunity's owner): see {@link CommandAccess#checkDeal}.
     */
    @CommandHandlerInterceptor
    Object checkAccess(CommandMessage<?> command, Actor actor, InterceptorChain chain) throws Exception {
        CommandAccess.checkDeal(
                actor,
                String.valueOf(dealId),
                state.ownerId() == null ? null : state.ownerId().toString());
        AccessBeforeVersion.check(command, dealId, AggregateLifecycle.getVersion());
        return chain.proceed();
    }

    /**
     * Books or loses the deal. A booked deal's actual amount defaults to the expected one.
     *
     * @return the deal's version after the command
     */
    @CommandHandler
    long handle(CloseDeal command, Clock clock) {
        if (state.closed()) {
            throw new BusinessRuleException(
                    ErrorCode.DEAL_ALREADY_CLOSED, "deal " + dealId + " is already " + state.outcome());
        }
        if (command.outcome() == null) {
            throw new IllegalArgumentException("outcome is required");
        }
        Amounts.notNegative(command.actualAmount(), "actualAmount");
        Money actual = command.actualAmount() == null && command.outcome() == DealOutcome.BOOKED
                ? state.expectedAmount()
                : command.actualAmount();
        Instant at = BusinessTime.of(command.occurredAt(), clock, state.lastOccurredAt());
        AggregateLifecycle.apply(new DealClosed(dealId, command.outcome(), actual, command.reason(), at));
        return AggregateLifecycle.getVersion();
    }

    @EventSourcingHandler
    void on(DealEvent event) {
        dealId = event.dealId();
        state = state.apply(event);
    }

    DealState state() {
        return state;
    }
}
