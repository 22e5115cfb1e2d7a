package com.opportunityengine.command.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import com.opportunityengine.pipeline.ConfiguredPipelines;
import com.opportunityengine.pipeline.PipelineProperties;
import com.opportunityengine.pipeline.Pipelines;
import com.opportunityengine.pipeline.StoredPipelines;
import com.opportunityengine.store.Durable;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Pipelines stored through the API: durable, seen by the registry, append-only, visible to another process. */
class PipelineDefinitionsTest {

    private MongoServer server;
    private MongoClient client;
    private final AtomicInteger durableWrites = new AtomicInteger();
    private StoredPipelines stored;
    private Pipelines pipelines;
    private PipelineDefinitions definitions;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        // counts the writes that reach the store with a journaled write concern (the engine's durable database)
        CommandListener countingDurableWrites = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                BsonDocument concern = event.getCommand().getDocument("writeConcern", new BsonDocument());
                if (List.of("insert", "update", "delete", "findAndModify").contains(event.getCommandName())
                        && concern.getBoolean("j", BsonBoolean.FALSE).getValue()) {
                    durableWrites.incrementAndGet();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .writeConcern(Durable.WRITE_CONCERN)
                .addCommandListener(countingDurableWrites)
                .build());
        stored = new StoredPipelines(client.getDatabase("pipelines-test"), Duration.ofHours(1));
        PipelineProperties configured = new PipelineProperties(Map.of(
                "smb",
                new PipelineProperties.PipelineSpec(
                        "SMB", List.of(new PipelineProperties.StageSpec("first", null, null, 0.2)))));
        pipelines = new Pipelines(List.of(stored, new ConfiguredPipelines(configured)));
        definitions = new PipelineDefinitions(pipelines, stored);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    private static Pipeline pipeline(String id, String... codes) {
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) {
            stages.add(new Stage(StageCode.of(codes[i]), codes[i].toUpperCase(), null, 0.1 * (i + 1)));
        }
        return new Pipeline(PipelineId.of(id), id, stages);
    }

    @Test
    void aNewPipelineIsStoredDurablyAndKnownAtOnce() {
        PipelineDefinitions.Defined defined = definitions.define(pipeline("enterprise", "qualify", "propose"));
        assertThat(defined.created()).isTrue();
        assertThat(durableWrites).hasValue(1);
        assertThat(pipelines.find(PipelineId.of("enterprise"))).contains(pipeline("enterprise", "qualify", "propose"));
        assertThat(pipelines.all())
                .extracting(Pipeline::id)
                .extracting(PipelineId::value)
                .containsExactly("default", "enterprise", "smb");
    }

    @Test
    void anotherProcessReadsTheStoredPipelines() {
        definitions.define(pipeline("enterprise", "qualify"));
        StoredPipelines elsewhere = new StoredPipelines(client.getDatabase("pipelines-test"), Duration.ZERO);
        assertThat(elsewhere.pipelines()).containsExactly(pipeline("enterprise", "qualify"));
    }

    @Test
    void stagesMayOnlyBeAppended() {
        definitions.define(pipeline("enterprise", "qualify", "propose"));
        PipelineDefinitions.Defined appended = definitions.define(pipeline("enterprise", "qualify", "propose", "sign"));
        assertThat(appended.created()).isFalse();
        assertThat(pipelines.find(PipelineId.of("enterprise")).orElseThrow().stages())
                .hasSize(3);

        assertThatThrownBy(() -> definitions.define(pipeline("enterprise", "propose", "qualify", "sign")))
                .isInstanceOfSatisfying(
                        BusinessRuleException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PIPELINE_STAGES_IN_USE));
        assertThatThrownBy(() -> definitions.define(pipeline("enterprise", "qualify")))
                .isInstanceOf(BusinessRuleException.class);
        assertThat(pipelines.find(PipelineId.of("enterprise")).orElseThrow().stages())
                .hasSize(3);
    }

    @Test
    void configuredAndDefaultPipelinesCanOnlyGainStages() {
        assertThatThrownBy(() -> definitions.define(pipeline("smb", "other")))
                .isInstanceOf(BusinessRuleException.class);
        assertThatThrownBy(() -> definitions.define(pipeline("default", "initial-contact")))
                .isInstanceOf(BusinessRuleException.class);

        definitions.define(pipeline("smb", "first", "second"));
        assertThat(pipelines.find(PipelineId.of("smb")).orElseThrow().stages()).hasSize(2);
        List<String> codes = new ArrayList<>();
        Pipeline.DEFAULT.stages().forEach(s -> codes.add(s.code().value()));
        codes.add("contract");
        definitions.define(pipeline("default", codes.toArray(String[]::new)));
        assertThat(pipelines.find(PipelineId.DEFAULT).orElseThrow().stages()).hasSize(5);
    }

    @Test
    void sendingTheSameDefinitionAgainWritesNothing() {
        definitions.define(pipeline("enterprise", "qualify"));
        PipelineDefinitions.Defined again = definitions.define(pipeline("enterprise", "qualify"));
        assertThat(again.created()).isFalse();
        assertThat(durableWrites).hasValue(1);
    }
}
