package com.opportunityengine.command.email;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.events.customer.CustomerRegistered;
import com.opportunityengine.events.customer.CustomerUpdated;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wiring for email outreach (docs/email.md): the templates, the address book, the suppression list, the rendered
 * messages and the unsubscribe tokens on the store, and the {@link EmailComposer} the opportunity's request handler
 * takes as a parameter. {@code engine.email.public-url} is where the unsubscribe links point.
 */
@Configuration(proxyBeanMethods = false)
class EmailConfig {

    @Bean
    EmailTemplates emailTemplates(MongoDatabase database) {
        return new EmailTemplates(database);
    }

    @Bean
    Addresses emailAddresses(MongoDatabase database) {
        return new Addresses(database);
    }

    @Bean
    Suppressions emailSuppressions(MongoDatabase database) {
        return new Suppressions(database);
    }

    @Bean
    EmailMessages emailMessages(MongoDatabase database) {
        return new EmailMessages(database);
    }

    @Bean
    UnsubscribeTokens unsubscribeTokens(
            @Value("${engine.email.unsubscribe-secret:}") String secret, MongoDatabase database) {
        return UnsubscribeTokens.of(secret, database);
    }

    @Bean
    EmailComposer emailComposer(
            EmailTemplates templates,
            EventStore eventStore,
            UserDirectory users,
            Addresses addresses,
            Suppressions suppressions,
            UnsubscribeTokens tokens,
            EmailMessages messages,
            @Value("${engine.email.public-url:http://localhost:${server.port:8080}}") String publicUrl) {
        return new EmailComposer(
                templates,
                customerId -> customer(eventStore, customerId),
                userId -> users.find(userId).map(User::displayName).orElse(userId),
                addresses,
                suppressions,
                tokens,
                messages,
                publicUrl);
    }

    /** Folds the customer's stream (from its first event) into what an email needs. */
    static Optional<EmailComposer.CustomerContact> customer(EventStore eventStore, String customerId) {
        String name = null;
        String company = null;
        String email = null;
        boolean found = false;
        DomainEventStream stream = eventStore.readEvents(customerId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            if (event.getPayload() instanceof CustomerRegistered registered) {
                found = true;
                name = registered.name();
                company = registered.company();
                email = registered.email();
            } else if (event.getPayload() instanceof CustomerUpdated updated) {
                name = updated.name() != null ? updated.name() : name;
                company = updated.company() != null ? updated.company() : company;
                email = updated.email() != null ? updated.email() : email;
            }
        }
        return found ? Optional.of(new EmailComposer.CustomerContact(name, company, email)) : Optional.empty();
    }
}
