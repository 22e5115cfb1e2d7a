package com.opportunityengine.query.pipeline;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The probability source of the weighted pipeline until a learned model declares its own bean. */
@Configuration(proxyBeanMethods = false)
class ProbabilityBeans {

    @Bean
    @ConditionalOnMissingBean(WinProbabilitySource.class)
    WinProbabilitySource stageDefaultProbability() {
        return new StageDefaultProbability();
    }
}
