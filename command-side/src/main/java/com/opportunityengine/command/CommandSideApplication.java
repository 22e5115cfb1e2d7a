package com.opportunityengine.command;

import com.opportunityengine.platform.EngineDefaults;
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
        EngineDefaults.disableUpdateChecker();
        SpringApplication.run(CommandSideApplication.class, args);
    }
}
