package com.opportunityengine.pipeline;

import com.mongodb.client.MongoDatabase;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The pipeline registry wherever pipelines are needed (the command side's aggregates, the query side run apart):
 * {@link Pipelines} over the stored pipelines (collection {@code pipelines}, re-read every
 * {@code engine.pipeline-refresh-ms}, default 2000) and the configured ones ({@code engine.pipelines.*}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
public class PipelineConfig {

    @Bean
    ConfiguredPipelines configuredPipelines(PipelineProperties properties) {
        return new ConfiguredPipelines(properties);
    }

    @Bean
    StoredPipelines storedPipelines(
            MongoDatabase database, @Value("${engine.pipeline-refresh-ms:2000}") long refreshMillis) {
        return new StoredPipelines(database, Duration.ofMillis(refreshMillis));
    }

    /** Every {@link PipelineSource} bean in order: the stored pipelines first, then the configured ones. */
    @Bean
    Pipelines pipelines(ObjectProvider<PipelineSource> sources) {
        return new Pipelines(sources.orderedStream().toList());
    }
}
