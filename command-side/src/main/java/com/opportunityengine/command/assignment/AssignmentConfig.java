package com.opportunityengine.command.assignment;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.store.NodeId;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring for assignment: the rules, the round-robin turns and the open-opportunity ledger on the store, the
 * tracker that keeps the ledger in step with the events, and the {@link Assigner} the opportunity's creation
 * handler takes as a parameter. {@code engine.assignment.unassigned-queue-owner} (a user id, empty by
 * default) is the owner of what no rule can assign; without it such a create is refused (409 NO_ASSIGNEE).
 */
@Configuration(proxyBeanMethods = false)
class AssignmentConfig {

    @Bean
    AssignmentRules assignmentRules(MongoDatabase database) {
        return new AssignmentRules(database);
    }

    @Bean
    RoundRobinTurns roundRobinTurns(MongoDatabase database) {
        return new RoundRobinTurns(database);
    }

    @Bean
    OpenOpportunities openOpportunities(MongoDatabase database) {
        return new OpenOpportunities(database);
    }

    @Bean
    OpenOpportunityTracker openOpportunityTracker(EventStore eventStore, OpenOpportunities ledger) {
        OpenOpportunityTracker tracker = new OpenOpportunityTracker(ledger);
        eventStore.registerDispatchInterceptor(tracker);
        return tracker;
    }

    @Bean
    Assigner assigner(
            AssignmentRules rules,
            AssignmentProfiles profiles,
            RoundRobinTurns turns,
            OpenOpportunities open,
            EventStore eventStore,
            @Value("${engine.assignment.unassigned-queue-owner:}") String queueOwner) {
        return new Assigner(
                rules,
                profiles,
                turns,
                open,
                customerId -> traits(eventStore, customerId.toString()),
                queueOwner.isBlank() ? null : UserId.of(queueOwner.trim()));
    }

    @Bean
    HandOverJobs handOverJobs(MongoDatabase database) {
        return new HandOverJobs(database);
    }

    @Bean
    HandOvers handOvers(
            HandOverJobs jobs,
            OpenOpportunities open,
            Assigner assigner,
            CommandGateway gateway,
            Clock clock,
            NodeId nodeId,
            @Value("${engine.web.command-timeout:30s}") Duration timeout,
            @Value("${engine.assignment.hand-over-lease:60s}") Duration lease,
            @Value("${engine.assignment.hand-over-pause:0ms}") Duration pause) {
        if (lease.compareTo(timeout) <= 0) {
            throw new IllegalStateException("engine.assignment.hand-over-lease (" + lease
                    + ") must be longer than engine.web.command-timeout (" + timeout + ")");
        }
        return new HandOvers(jobs, open, assigner, gateway, clock, timeout, nodeId.value(), lease, pause);
    }

    /** Folds the customer's stream (from its first event, past any snapshot) into the fields the rules match. */
    static CustomerTraits traits(EventStore eventStore, String customerId) {
        String region = null;
        String industry = null;
        String size = null;
        DomainEventStream stream = eventStore.readEvents(customerId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() instanceof CustomerRegistered registered) {
                region = registered.region();
                industry = registered.industry();
                size = registered.size();
            } else if (event.getPayload() instanceof CustomerUpdated updated) {
                region = updated.region() != null ? updated.region() : region;
                industry = updated.industry() != null ? updated.industry() : industry;
                size = updated.size() != null ? updated.size() : size;
            }
        }
        return new CustomerTraits(region, industry, size);
    }
}
