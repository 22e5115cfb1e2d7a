package com.opportunityengine.query;

import com.opportunityengine.platform.EngineDefaults;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The query side on its own: projections fed from the event log in the same store, and the query REST API. It
 * stands on the shared modules only (event log, platform: security, the pipeline registry it reads like the
 * command side, problems) and never on the command side.
 */
@SpringBootApplication(
        scanBasePackages = {
            "com.opportunityengine.query",
            "com.opportunityengine.store",
            "com.opportunityengine.security",
            "com.opportunityengine.pipeline",
            "com.opportunityengine.platform"
        })
public class QuerySideApplication {

    public static void main(String[] args) {
        EngineDefaults.disableUpdateChecker();
        SpringApplication.run(QuerySideApplication.class, args);
    }
}
