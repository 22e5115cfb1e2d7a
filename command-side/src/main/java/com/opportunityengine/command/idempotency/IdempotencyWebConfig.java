package com.opportunityengine.command.idempotency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the idempotency interceptor on the API, after the request checks (correlation id, body size). */
@Configuration(proxyBeanMethods = false)
class IdempotencyWebConfig implements WebMvcConfigurer {

    private final IdempotencyLedger ledger;
    private final MeterRegistry meters;

    IdempotencyWebConfig(IdempotencyLedger ledger, ObjectProvider<MeterRegistry> meters) {
        this.ledger = ledger;
        this.meters = meters.getIfAvailable(CompositeMeterRegistry::new);
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new IdempotencyInterceptor(
                        ledger,
                        Counter.builder(IdempotencyInterceptor.REPLAYS)
                                .description("Requests answered from the idempotency ledger (a retry of a request"
                                        + " that had already succeeded, on any command node)")
                                .register(meters)))
                .addPathPatterns("/api/**")
                .order(10);
    }
}
