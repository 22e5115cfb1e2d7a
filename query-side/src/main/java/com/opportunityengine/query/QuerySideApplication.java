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
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
