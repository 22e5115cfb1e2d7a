package com.opportunityengine.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The query side on its own: projections fed from the command side's event log in the same
 * store, and the query REST API.
 */
@SpringBootApplication(scanBasePackages = {
        "com.opportunityengine.query", "com.opportunityengine.store", "com.opportunityengine.command.pipeline"})
public class QuerySideApplication {

    public static void main(String[] args) {
        // Axon's usage/update checker reads this system property; the machines running the engine may be offline
        System.setProperty("axoniq.update-checker.disabled",
                System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
