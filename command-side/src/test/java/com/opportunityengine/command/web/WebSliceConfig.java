package com.opportunityengine.command.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * The web infrastructure, the idempotency ledger and the security filter chain, for MockMvc
 * slices (the store and Axon are mocked; requests authenticate with spring-security-test, not keys).
 */
@TestConfiguration
@ComponentScan(
        basePackages = {
            "com.opportunityengine.command.web",
            "com.opportunityengine.command.idempotency",
            "com.opportunityengine.security"
        },
        excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*\\.AdminBootstrap"))
class WebSliceConfig {}
