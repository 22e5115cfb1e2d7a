package com.opportunityengine.platform;

import com.opportunityengine.platform.input.RequestJsonConfig;
import com.opportunityengine.platform.input.StrictNumberParameters;
import com.opportunityengine.platform.problem.ProblemErrorController;
import com.opportunityengine.platform.problem.ProblemErrorPages;
import com.opportunityengine.store.NodeId;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.catalina.filters.FailedRequestFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.metrics.MeterRegistryCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * What every app of the engine shares and may replace: the one {@link Clock} (UTC; a test or a tool defines its
 * own bean to move time), the metrics' node labels, and how JSON request bodies are read. An auto-configuration, so that an app's or a test's own bean
 * always wins.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration")
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

    /** Tomcat's own error answers as problem+json (ProblemErrorReportValve). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    ProblemErrorPages problemErrorPages() {
        return new ProblemErrorPages();
    }

    /**
     * A query string or form the container could not decode ({@code ?q=%zz}) is 400, not a request without those
     * parameters (Tomcat's FailedRequestFilter, answered by the error page below).
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    FilterRegistrationBean<FailedRequestFilter> failedRequests() {
        FilterRegistrationBean<FailedRequestFilter> registration =
                new FilterRegistrationBean<>(new FailedRequestFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The container's error page (/error) as problem+json, in place of Spring Boot's. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    ProblemErrorController problemErrorController() {
        return new ProblemErrorController();
    }

    /** Every app reads JSON request bodies alike, strictly (docs/errors.md, "Input limits"). */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    RequestJsonConfig requestJson() {
        return new RequestJsonConfig();
    }

    /**
     * Whole numbers in parameters, path variables and headers are plain decimal (docs/errors.md, "Input limits"): the
     * editors of every binder Spring MVC makes. Static: it post-processes the handler adapter.
     */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static StrictNumberParameters strictNumberParameters() {
        return new StrictNumberParameters();
    }
}
