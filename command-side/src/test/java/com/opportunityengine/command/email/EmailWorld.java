package com.opportunityengine.command.email;

import com.mongodb.client.MongoDatabase;
import com.opportunityengine.command.common.TestTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Templates, addresses, suppressions and rendered messages on one (embedded) store, and the {@link EmailComposer}
 * over them: the real components, for the fixture tests of the opportunity's email commands.
 */
public final class EmailWorld {

    public final MongoDatabase database;
    public final EmailTemplates templates;
    public final Addresses addresses;
    public final Suppressions suppressions;
    public final EmailMessages messages;
    public final UnsubscribeTokens tokens = new UnsubscribeTokens("test-secret".getBytes());
    private final Map<String, EmailComposer.CustomerContact> customers = new HashMap<>();

    public EmailWorld(MongoDatabase database) {
        this.database = database;
        this.templates = new EmailTemplates(database);
        this.addresses = new Addresses(database);
        this.suppressions = new Suppressions(database);
        this.messages = new EmailMessages(database);
    }

    /** A composer for fixtures whose tests send no email (it is never asked). */
    public static EmailComposer none() {
        return new EmailComposer(null, null, null, null, null, null, null, "http://localhost");
    }

    public EmailWorld customer(Object customerId, String name, String company, String email) {
        customers.put(customerId.toString(), new EmailComposer.CustomerContact(name, company, email));
        return this;
    }

    /** Saves a template version and answers it. */
    public EmailTemplate template(String templateId, String locale, String subject, String text) {
        return templates.save(
                new EmailTemplate(templateId, 0, "Welcome", locale, subject, text, null, TestTime.NOW, "admin"));
    }

    public EmailComposer composer() {
        return new EmailComposer(
                templates,
                id -> Optional.ofNullable(customers.get(id)),
                userId -> "Alice Chen",
                addresses,
                suppressions,
                tokens,
                messages,
                "http://crm.example");
    }
}
