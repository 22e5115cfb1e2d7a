package com.opportunityengine.store.embedded;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when no MongoDB URI is configured ({@code engine.mongo.uri}, else {@code MONGODB_URI}). */
final class EmbeddedStoreCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String uri = context.getEnvironment()
                .getProperty("engine.mongo.uri", context.getEnvironment().getProperty("MONGODB_URI", ""));
        return uri == null || uri.isBlank();
    }
}
