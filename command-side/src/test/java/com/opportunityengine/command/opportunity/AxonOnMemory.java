package com.opportunityengine.command.opportunity;

import static com.opportunityengine.command.common.TestTime.CLOCK;

import com.opportunityengine.command.assignment.Assigner;
import com.opportunityengine.command.common.FakeDirectory;
import com.opportunityengine.command.config.ActorParameterResolverFactory;
import com.opportunityengine.command.deal.Deal;
import com.opportunityengine.command.email.EmailWorld;
import com.opportunityengine.pipeline.Pipelines;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;

/**
 * A plain Axon configuration of the opportunity and deal aggregates on an in-memory event store, with what their
 * handlers take (the actor, the clock, the default pipelines, a directory): for the tests that need a real
 * repository and command bus rather than a fixture. Each test adds its own bus settings before building.
 */
final class AxonOnMemory {

    /**
     * The creation handler takes an {@link Assigner}; every create of these tests names its owner, so the rules are
     * never asked (one that was would fail on the missing stores).
     */
    private static final Assigner NO_RULES = new Assigner(null, null, null, null, null, null);

    private AxonOnMemory() {}

    static Configurer opportunitiesAndDeals(FakeDirectory directory) {
        return withHandlerParameters(
                DefaultConfigurer.defaultConfiguration()
                        .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                        .configureAggregate(Opportunity.class)
                        .configureAggregate(Deal.class),
                directory);
    }

    /**
     * One command node of a cluster: the opportunity aggregate on {@code engine} (a log shared with other nodes),
     * cached in {@code cache}.
     */
    static Configurer opportunitiesOn(EventStorageEngine engine, Cache cache, FakeDirectory directory) {
        return withHandlerParameters(
                DefaultConfigurer.defaultConfiguration()
                        .configureEmbeddedEventStore(c -> engine)
                        .configureAggregate(AggregateConfigurer.defaultConfiguration(Opportunity.class)
                                .configureCache(c -> cache)),
                directory);
    }

    private static Configurer withHandlerParameters(Configurer configurer, FakeDirectory directory) {
        return configurer.registerComponent(
                ParameterResolverFactory.class,
                c -> MultiParameterResolverFactory.ordered(
                        ClasspathParameterResolverFactory.forClass(Opportunity.class),
                        new ActorParameterResolverFactory(),
                        new SimpleResourceParameterResolverFactory(
                                List.of(CLOCK, Pipelines.of(), directory, NO_RULES, EmailWorld.none()))));
    }
}
