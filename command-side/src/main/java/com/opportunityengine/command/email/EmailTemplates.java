package com.opportunityengine.command.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The email templates, durably in the store's {@code email_templates} collection: one document per version, its
 * {@code _id} {@code <templateId>#<version>}. A save inserts the next version; the unique {@code _id} lets exactly
 * one of two concurrent saves have a version number, and the other takes the one after. Nothing is ever updated or
 * deleted, so an email's {@code (templateId, templateVersion)} always names what it was rendered from.
 */
public class EmailTemplates {

    static final String COLLECTION = "email_templates";

    private final MongoCollection<Document> templates;

    public EmailTemplates(MongoDatabase database) {
        this.templates = database.getCollection(COLLECTION);
        templates.createIndex(Indexes.ascending("templateId", "version"));
    }

    /** Saves {@code draft} as the template's next version (its {@code version} is ignored) and answers it. */
    public EmailTemplate save(EmailTemplate draft) {
        int next = latest(draft.templateId()).map(EmailTemplate::version).orElse(0) + 1;
        while (true) {
            EmailTemplate saved = new EmailTemplate(
                    draft.templateId(),
                    next,
                    draft.name(),
                    draft.locale(),
                    draft.subject(),
                    draft.text(),
                    draft.html(),
                    draft.createdAt(),
                    draft.createdBy());
            try {
                templates.insertOne(toDocument(saved));
                return saved;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                next++; // another save took this version
            }
        }
    }

    public Optional<EmailTemplate> find(String templateId, int version) {
        return Optional.ofNullable(templates
                        .find(Filters.eq("_id", key(templateId, version)))
                        .first())
                .map(EmailTemplates::toTemplate);
    }

    public Optional<EmailTemplate> latest(String templateId) {
        return Optional.ofNullable(templates
                        .find(Filters.eq("templateId", templateId))
                        .sort(Sorts.descending("version"))
                        .first())
                .map(EmailTemplates::toTemplate);
    }

    /** Every version of the template, oldest first. */
    public List<EmailTemplate> versions(String templateId) {
        List<EmailTemplate> versions = new ArrayList<>();
        templates
                .find(Filters.eq("templateId", templateId))
                .sort(Sorts.ascending("version"))
                .forEach(document -> versions.add(toTemplate(document)));
        return versions;
    }

    /** The latest version of every template, by name. */
    public List<EmailTemplate> allLatest() {
        Map<String, EmailTemplate> latest = new LinkedHashMap<>();
        templates.find().sort(Sorts.ascending("templateId", "version")).forEach(document -> {
            EmailTemplate template = toTemplate(document);
            latest.put(template.templateId(), template);
        });
        return latest.values().stream()
                .sorted(java.util.Comparator.comparing(EmailTemplate::name).thenComparing(EmailTemplate::templateId))
                .toList();
    }

    private static String key(String templateId, int version) {
        return templateId + "#" + version;
    }

    private static Document toDocument(EmailTemplate template) {
        return new Document("_id", key(template.templateId(), template.version()))
                .append("templateId", template.templateId())
                .append("version", template.version())
                .append("name", template.name())
                .append("locale", template.locale())
                .append("subject", template.subject())
                .append("text", template.text())
                .append("html", template.html())
                .append("createdAt", Date.from(template.createdAt()))
                .append("createdBy", template.createdBy());
    }

    private static EmailTemplate toTemplate(Document document) {
        return new EmailTemplate(
                document.getString("templateId"),
                document.getInteger("version"),
                document.getString("name"),
                document.getString("locale"),
                document.getString("subject"),
                document.getString("text"),
                document.getString("html"),
                document.getDate("createdAt").toInstant(),
                document.getString("createdBy"));
    }
}
