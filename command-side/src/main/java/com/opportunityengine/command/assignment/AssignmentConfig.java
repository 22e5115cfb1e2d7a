package com.opportunityengine.command.assignment;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.customer.CustomerStreams;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.platform.assignment.AssignmentProfiles;
import com.opportunityengine.store.NodeId;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
                customerId -> CustomerStreams.current(eventStore, customerId.toString())
                        .map(c -> new CustomerTraits(c.region(), c.industry(), c.size()))
                        .orElse(new CustomerTraits(null, null, null)),
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
}
