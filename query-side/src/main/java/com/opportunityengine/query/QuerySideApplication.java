package com.opportunityengine.query;

import com.opportunityengine.command.pipeline.PipelineConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The query side on its own: projections fed from the command side's event log in the same
 * store, and the query REST API. It reads the same pipelines as the command side ({@link PipelineConfig}: the
 * configured ones and the stored collection {@code pipelines}) but does not serve the pipeline API.
 */
@SpringBootApplication(scanBasePackages = {
        "com.opportunityengine.query", "com.opportunityengine.store", "com.opportunityengine.security"})
@Import(PipelineConfig.class)
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon's usage/update checker reads this system property; the machines running the engine may be offline
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
