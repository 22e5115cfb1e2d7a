package com.opportunityengine.command.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs {@link AuditHead}'s background task. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class AuditScheduling {}
