package com.opportunityengine.command.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the request checks ahead of every other interceptor (the idempotency one comes after). */
@Configuration(proxyBeanMethods = false)
class WebConfig implements WebMvcConfigurer {

    /** Order of {@link RequestChecksInterceptor}; interceptors that need a checked request come later. */
    public static final int CHECKS_ORDER = 0;

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new RequestChecksInterceptor()).order(CHECKS_ORDER);
    }
}
