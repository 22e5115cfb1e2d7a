package com.opportunityengine.query.pipeline;

import com.opportunityengine.events.pipeline.Pipeline;
import java.util.Optional;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fallbacks for the pipeline directory and the probability source: the default pipeline only, and
 * each stage's default probability. A registry of configured pipelines or a learned model replaces them
 * by declaring its own bean.
 */
@Configuration(proxyBeanMethods = false)
class PipelineBeans {

    @Bean
    @ConditionalOnMissingBean(QueryPipelines.class)
    QueryPipelines defaultPipelineOnly() {
        return id -> Pipeline.DEFAULT.id().equals(id) ? Optional.of(Pipeline.DEFAULT) : Optional.empty();
    }

    @Bean
    @ConditionalOnMissingBean(WinProbabilitySource.class)
    WinProbabilitySource stageDefaultProbability() {
        return new StageDefaultProbability();
    }
}
