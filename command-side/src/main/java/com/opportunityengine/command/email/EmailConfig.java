package com.opportunityengine.command.email;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.customer.CustomerStreams;
import com.opportunityengine.security.User;
import com.opportunityengine.security.UserDirectory;
import com.opportunityengine.store.NodeId;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSenderImpl;

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
    EmailSequences emailSequences(MongoDatabase database) {
        return new EmailSequences(database);
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
                customerId -> CustomerStreams.current(eventStore, customerId)
                        .map(c -> new EmailComposer.CustomerContact(c.name(), c.company(), c.email())),
                userId -> users.find(userId).map(User::displayName).orElse(userId),
                addresses,
                suppressions,
                tokens,
                messages,
                publicUrl);
    }

    @Bean
    DeliveryQueue emailQueue(MongoDatabase database) {
        return new DeliveryQueue(database);
    }

    @Bean
    DeliveryLedger emailDeliveries(MongoDatabase database) {
        return new DeliveryLedger(database);
    }

    /**
     * SMTP through Spring Boot's {@code JavaMailSender} when {@code spring.mail.host} is set, else {@code .eml}
     * files under {@code <engine.data-dir>/outbox/}.
     */
    @Bean
    MailTransport mailTransport(
            ObjectProvider<JavaMailSenderImpl> smtp, @Value("${engine.data-dir:./data}") String dataDir) {
        JavaMailSenderImpl sender = smtp.getIfAvailable();
        return sender != null ? new SmtpTransport(sender) : new OutboxFiles(Path.of(dataDir, "outbox"));
    }

    @Bean
    EmailDelivery emailDelivery(
            DeliveryQueue queue,
            DeliveryLedger ledger,
            EmailMessages messages,
            Suppressions suppressions,
            MailTransport transport,
            CommandGateway gateway,
            Clock clock,
            Environment environment,
            @Value("${engine.email.from:Opportunity Engine <no-reply@opportunity-engine.local>}") String from,
            @Value("${engine.email.message-id-domain:}") String domain,
            @Value("${engine.email.daily-limit:500}") int dailyLimit,
            @Value("${engine.email.claim-timeout:10m}") Duration claimTimeout,
            @Value("${engine.web.command-timeout:30s}") Duration commandTimeout) {
        InternetAddress sender;
        try {
            sender = new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalStateException("engine.email.from is not an address: " + from, e);
        }
        String messageIdDomain = domain.isBlank()
                ? sender.getAddress().substring(sender.getAddress().indexOf('@') + 1)
                : domain.strip();
        return new EmailDelivery(
                queue,
                ledger,
                messages,
                suppressions,
                transport,
                command -> gateway.sendAndWait(
                        command, commandTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                clock,
                new EmailDelivery.Settings(
                        NodeId.of(environment).value(), sender, messageIdDomain, dailyLimit, claimTimeout));
    }

    @Bean
    @ConditionalOnProperty(name = "engine.email.dispatch", havingValue = "true", matchIfMissing = true)
    DeliveryRounds emailDeliveryRounds(
            EmailDelivery delivery, @Value("${engine.email.poll-interval:1s}") Duration interval) {
        return new DeliveryRounds(delivery, interval);
    }

    @Bean
    @ConditionalOnProperty(name = "engine.email.dispatch", havingValue = "true", matchIfMissing = true)
    EmailDispatcher emailDispatcher(DeliveryQueue queue, Clock clock, ObjectProvider<DeliveryRounds> rounds) {
        return new EmailDispatcher(queue, clock, () -> rounds.ifAvailable(DeliveryRounds::wakeUp));
    }

    /** The dispatcher's processing group runs on one tracking processor, one segment, whatever the app's default. */
    @Bean
    ConfigurerModule emailDispatchProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                EmailDispatcher.GROUP,
                config -> config.eventStore(),
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()));
    }

    @Bean
    SequenceSchedule emailSequenceSchedule(MongoDatabase database) {
        return new SequenceSchedule(database);
    }

    @Bean
    SequenceSteps emailSequenceSteps(
            SequenceSchedule schedule,
            CommandGateway gateway,
            Clock clock,
            Environment environment,
            @Value("${engine.email.sequence-lease:2m}") Duration lease,
            @Value("${engine.web.command-timeout:30s}") Duration commandTimeout) {
        return new SequenceSteps(
                schedule,
                command -> gateway.sendAndWait(
                        command, commandTimeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
                clock,
                NodeId.of(environment).value(),
                lease);
    }

    @Bean
    @ConditionalOnProperty(name = "engine.email.dispatch", havingValue = "true", matchIfMissing = true)
    SequenceStepRounds emailSequenceStepRounds(
            SequenceSteps steps, @Value("${engine.email.poll-interval:1s}") Duration interval) {
        return new SequenceStepRounds(steps, interval);
    }

    @Bean
    @ConditionalOnProperty(name = "engine.email.dispatch", havingValue = "true", matchIfMissing = true)
    SequenceScheduler emailSequenceScheduler(
            SequenceSchedule schedule, EmailSequences sequences, ObjectProvider<SequenceStepRounds> rounds) {
        return new SequenceScheduler(schedule, sequences, () -> rounds.ifAvailable(SequenceStepRounds::wakeUp));
    }

    /** The schedule's processing group runs on one tracking processor, one segment, whatever the app's default. */
    @Bean
    ConfigurerModule emailSequenceScheduleProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing.registerTrackingEventProcessor(
                SequenceScheduler.GROUP,
                config -> config.eventStore(),
                config -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()));
    }

    @Bean
    InboundMail inboundMail(EmailDelivery delivery) {
        return new InboundMail(delivery.messageIdDomain());
    }
}
