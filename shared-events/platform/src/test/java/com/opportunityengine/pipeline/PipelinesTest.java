package com.opportunityengine.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PipelinesTest {

    private static Pipelines fromProperties(Map<String, String> properties) {
        PipelineProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("engine", PipelineProperties.class);
        return new Pipelines(List.of(new ConfiguredPipelines(bound)));
    }

    @Test
    void knowsTheDefaultPipelineWithoutAnyConfiguration() {
        Pipelines pipelines = fromProperties(Map.of());

        assertThat(pipelines.find(PipelineId.DEFAULT)).contains(Pipeline.DEFAULT);
        assertThat(pipelines.all()).containsExactly(Pipeline.DEFAULT);
        assertThat(pipelines.find(PipelineId.of("enterprise"))).isEmpty();
    }

    @Test
    void readsPipelinesFromConfiguration() {
        Pipelines pipelines = fromProperties(Map.of(
                "engine.pipelines.enterprise.name", "Enterprise sales",
                "engine.pipelines.enterprise.stages[0].code", "qualification",
                "engine.pipelines.enterprise.stages[0].name", "Qualification",
                "engine.pipelines.enterprise.stages[0].name-zh", "资格确认",
                "engine.pipelines.enterprise.stages[0].default-probability", "0.1",
                "engine.pipelines.enterprise.stages[1].code", "contract",
                "engine.pipelines.enterprise.stages[1].default-probability", "0.8"));

        Pipeline enterprise = pipelines.find(PipelineId.of("enterprise")).orElseThrow();

        assertThat(enterprise.name()).isEqualTo("Enterprise sales");
        assertThat(enterprise.first().nameZh()).isEqualTo("资格确认");
        assertThat(enterprise.order(StageCode.of("contract"))).isEqualTo(2);
        assertThat(enterprise.stageAt(2).name()).isEqualTo("contract");
        assertThat(enterprise.stageAt(2).defaultProbability()).isEqualTo(0.8);
        assertThat(pipelines.all())
                .extracting(Pipeline::id)
                .containsExactly(PipelineId.DEFAULT, PipelineId.of("enterprise"));
    }

    @Test
    void theDefaultPipelineMayOnlyGainStages() {
        assertThatThrownBy(() -> fromProperties(Map.of(
                        "engine.pipelines.default.stages[0].code", "something-else",
                        "engine.pipelines.default.stages[0].default-probability", "0.5")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("engine.pipelines.default");
    }

    @Test
    void aStageWithoutProbabilityStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> fromProperties(Map.of("engine.pipelines.x.stages[0].code", "a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("engine.pipelines.x.stages[0].default-probability");
    }

    @Test
    void aLaterSourceAddsPipelinesButCannotShadowEarlierOnes() {
        Pipeline configured = new Pipeline(PipelineId.of("smb"), "SMB", Pipeline.DEFAULT.stages());
        Pipeline stored = new Pipeline(PipelineId.of("smb"), "Stored SMB", Pipeline.DEFAULT.stages());
        Pipeline other = new Pipeline(PipelineId.of("partner"), "Partner", Pipeline.DEFAULT.stages());
        Pipelines pipelines = new Pipelines(List.of(() -> List.of(configured), () -> List.of(stored, other)));

        assertThat(pipelines.find(PipelineId.of("smb"))).contains(configured);
        assertThat(pipelines.find(PipelineId.of("partner"))).contains(other);
        assertThat(pipelines.all()).extracting(Pipeline::name).containsExactly("Default", "SMB", "Partner");
    }
}
