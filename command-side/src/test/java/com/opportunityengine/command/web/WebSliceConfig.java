package com.opportunityengine.command.web;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;

/** The web infrastructure and the idempotency ledger, for MockMvc slices (the store and Axon are mocked). */
@TestConfiguration
@ComponentScan(basePackages = {"com.opportunityengine.command.web", "com.opportunityengine.command.idempotency"})
class WebSliceConfig {
}
