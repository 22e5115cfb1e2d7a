package com.opportunityengine.command.idempotency;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the idempotency interceptor on the API, after the request checks (correlation id, body size). */
@Configuration(proxyBeanMethods = false)
class IdempotencyWebConfig implements WebMvcConfigurer {

    private final IdempotencyLedger ledger;

    IdempotencyWebConfig(IdempotencyLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdempotencyInterceptor(ledger))
                .addPathPatterns("/api/**")
                .order(10);
    }
}
