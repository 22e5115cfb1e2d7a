package com.opportunityengine.platform;

import com.opportunityengine.platform.input.RequestJsonConfig;
import com.opportunityengine.store.NodeId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * What every app of the engine shares and may replace: the one {@link Clock} (UTC; a test or a tool defines its
 * own bean to move time), the metrics' node labels, and how JSON request bodies are read. An auto-configuration, so that an app's or a test's own bean
 * always wins.
 */
@AutoConfiguration
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Labels every metric with the node it comes from and the node's role ({@code application} comes from
     * {@code management.metrics.tags.application}), so that the dashboards of a cluster tell its nodes apart.
     */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> nodeMetricTags(
            Environment environment, @Value("${engine.role:all}") String role) {
        String node = NodeId.of(environment).value();
        return registry -> registry.config().commonTags("node", node, "role", role);
    }

    /** Every app reads JSON request bodies alike, strictly (docs/errors.md, "Input limits"). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    RequestJsonConfig requestJson() {
        return new RequestJsonConfig();
    }
}
