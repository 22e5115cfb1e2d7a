package com.opportunityengine.pipeline;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Pipelines from configuration:
 * <pre>
 * engine:
 *   pipelines:
 *     enterprise:
 *       name: Enterprise sales
 *       stages:
 *         - code: qualification
 *           name: Qualification
 *           name-zh: 资格确认
 *           default-probability: 0.1
 * </pre>
 * The map key is the pipeline id. A stage without a name is named after its code.
 */
@ConfigurationProperties("engine")
public record PipelineProperties(Map<String, PipelineSpec> pipelines) {

    public PipelineProperties {
        pipelines = pipelines == null ? Map.of() : Map.copyOf(pipelines);
    }

    /** One configured pipeline. */
    public record PipelineSpec(String name, List<StageSpec> stages) {}

    /** One configured stage; {@code defaultProbability} is required, between 0 and 1. */
    public record StageSpec(String code, String name, String nameZh, Double defaultProbability) {}
}
