package com.opportunityengine.engine;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The standalone engine: both sides in one JVM on one port, on the embedded store by default. */
@SpringBootApplication(scanBasePackages = {"com.opportunityengine"})
public class OpportunityEngineApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpportunityEngineApplication.class, args);
    }
}
