package com.opportunityengine.command.web;

import com.opportunityengine.platform.MetaDataKeys;
import java.util.Map;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What every event carries from the command that caused it: the request's {@code correlationId},
 * {@code actor}, {@code idempotencyKey} and {@code clientAddress}, and {@code causationId} = the
 * command message's identifier. These beans replace Axon's default {@code MessageOriginProvider}
 * (which would overwrite {@code correlationId} with the causing message's id).
 */
@Configuration(proxyBeanMethods = false)
class MessageMetadataConfig {

    static final String CAUSATION_ID = MetaDataKeys.CAUSATION_ID;

    @Bean
    CorrelationDataProvider requestMetadataProvider() {
        return new SimpleCorrelationDataProvider(
                MetaDataKeys.CORRELATION_ID,
                MetaDataKeys.ACTOR,
                MetaDataKeys.IDEMPOTENCY_KEY,
                MetaDataKeys.CLIENT_ADDRESS);
    }

    @Bean
    CorrelationDataProvider causationIdProvider() {
        return new CausationIdProvider();
    }

    /** The causing message's identifier, as {@code causationId}. */
    static final class CausationIdProvider implements CorrelationDataProvider {
        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            return Map.of(CAUSATION_ID, message.getIdentifier());
        }
    }
}
