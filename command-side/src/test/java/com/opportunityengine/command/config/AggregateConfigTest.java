package com.opportunityengine.command.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.command.common.AggregateDirectory;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.pipeline.Pipelines;
import java.time.Clock;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.InterceptorAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The aggregate wiring in a Spring context with Axon's auto-configuration on an in-memory store. */
class AggregateConfigTest {

    /** The stored pipelines' collection lives on an in-memory MongoDB for this test. */
    private static final class Mongo {
        private static final de.bwaldvogel.mongo.MongoServer SERVER =
                new de.bwaldvogel.mongo.MongoServer(new de.bwaldvogel.mongo.backend.memory.MemoryBackend());
        private static final com.mongodb.client.MongoClient CLIENT =
                com.mongodb.client.MongoClients.create(SERVER.bindAndGetConnectionString());

        com.mongodb.client.MongoDatabase database() {
            return CLIENT.getDatabase("aggregate-config-test");
        }
    }

    private static final Mongo MONGO = new Mongo();

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withPropertyValues(
                    "axon.axonserver.enabled=false",
                    "axon.serializer.general=jackson",
                    "axon.serializer.events=jackson",
                    "axon.serializer.messages=jackson",
                    "engine.snapshot-threshold=5",
                    "engine.pipelines.smb.stages[0].code=first",
                    "engine.pipelines.smb.stages[0].default-probability=0.2")
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    NoOpTransactionAutoConfiguration.class,
                    AxonAutoConfiguration.class,
                    org.axonframework.springboot.autoconfig.InfraConfiguration.class,
                    org.axonframework.springboot.autoconfig.EventProcessingAutoConfiguration.class,
                    InterceptorAutoConfiguration.class,
                    org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration.class,
                    com.opportunityengine.platform.PlatformAutoConfiguration.class))
            .withBean(EventStorageEngine.class, InMemoryEventStorageEngine::new)
            .withBean(com.mongodb.client.MongoDatabase.class, () -> MONGO.database())
            .withUserConfiguration(AggregateConfig.class);

    @Test
    void wiresWhatTheCommandHandlersTakeAndCarriesBusinessErrorsOnTheCommandBus() {
        context.run(ctx -> {
            assertThat(ctx).hasNotFailed();
            assertThat(ctx).hasSingleBean(Clock.class).hasSingleBean(AggregateDirectory.class);
            assertThat(ctx).hasBean("opportunitySnapshotTrigger");
            assertThat(ctx.getBean("opportunitySnapshotTrigger")).isInstanceOf(SnapshotTriggerDefinition.class);
            assertThat(ctx.getBean(Pipelines.class).find(PipelineId.of("smb"))).isPresent();

            ctx.getBean(CommandBus.class).subscribe(String.class.getName(), message -> {
                throw new com.opportunityengine.events.common.BusinessRuleException(
                        com.opportunityengine.events.common.ErrorCode.OWNER_UNCHANGED, "same owner");
            });
            assertThatThrownBy(() -> ctx.getBean(CommandGateway.class).sendAndWait("assign"))
                    .isInstanceOf(CommandExecutionException.class)
                    .satisfies(e -> assertThat(((CommandExecutionException) e).getDetails())
                            .isPresent());
        });
    }
}
