package com.opportunityengine.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The engine's configuration defaults, one file per module ({@value #LOCATION}), added below everything else
 * (an app's {@code application.yml}, the environment and the command line all override them). Each setting is
 * written once, in the module that owns it, so the apps (command side, query side, standalone engine) cannot
 * drift apart. It runs before logging is set up, so the defaults' logger levels apply from the first line.
 */
public class EngineDefaults implements EnvironmentPostProcessor, Ordered {

    /** Where each module keeps its defaults. */
    public static final String LOCATION = "classpath*:META-INF/opportunity-engine/*-defaults.properties";

    /** The system property Axon's usage and update checker reads before any Spring property exists. */
    public static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    /**
     * Turns Axon's update checker off unless the caller said otherwise ({@code -Daxoniq.update-checker.disabled=false}):
     * the machines running the engine may be offline. Every {@code main} calls it first.
     */
    public static void disableUpdateChecker() {
        System.setProperty(UPDATE_CHECKER_DISABLED, System.getProperty(UPDATE_CHECKER_DISABLED, "true"));
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            Arrays.sort(resources, Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                String name = "engine-defaults: " + resource.getFilename();
                if (!environment.getPropertySources().contains(name)) {
                    environment.getPropertySources().addLast(new ResourcePropertySource(name, resource));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the engine's defaults (" + LOCATION + ")", e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
