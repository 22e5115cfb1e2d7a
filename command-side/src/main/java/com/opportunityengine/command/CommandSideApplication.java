package com.opportunityengine.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The command side on its own: aggregates, the command REST API and the event log, for
 * deployments that run the two sides apart (point it at a MongoDB with {@code MONGODB_URI}).
 */
@SpringBootApplication(
        scanBasePackages = {
            "com.opportunityengine.command",
            "com.opportunityengine.store",
            "com.opportunityengine.security",
            "com.opportunityengine.pipeline",
            "com.opportunityengine.platform"
        })
public class CommandSideApplication {

    public static void main(String[] args) {
        // Axon's usage/update checker reads this system property; the machines running the engine may be offline
        System.setProperty(
                "axoniq.update-checker.disabled", System.getProperty("axoniq.update-checker.disabled", "true"));
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
