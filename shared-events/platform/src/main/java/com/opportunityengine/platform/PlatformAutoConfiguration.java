package com.opportunityengine.platform;

import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * What every app of the engine shares and may replace: the one {@link Clock} (UTC; a test or a tool defines its
 * own bean to move time). An auto-configuration, so that an app's or a test's own bean always wins.
 */
@AutoConfiguration
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
