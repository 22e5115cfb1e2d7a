package com.opportunityengine.command.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;

/**
 * The email sequences, durably in the store's {@code email_sequences} collection, kept as the templates are
 * ({@link EmailTemplates}): one document per version, its {@code _id} {@code <sequenceId>#<version>}; a save inserts
 * the next version, the unique {@code _id} settles two concurrent saves, nothing is ever updated or deleted.
 */
public class EmailSequences {

    static final String COLLECTION = "email_sequences";

    private final MongoCollection<Document> sequences;

    public EmailSequences(MongoDatabase database) {
        this.sequences = database.getCollection(COLLECTION);
        sequences.createIndex(Indexes.ascending("sequenceId", "version"));
    }

    /** Saves {@code draft} as the sequence's next version (its {@code version} is ignored) and answers it. */
    public EmailSequence save(EmailSequence draft) {
        int next = latest(draft.sequenceId()).map(EmailSequence::version).orElse(0) + 1;
        while (true) {
            EmailSequence saved = new EmailSequence(
                    draft.sequenceId(), next, draft.name(), draft.steps(), draft.createdAt(), draft.createdBy());
            try {
                sequences.insertOne(toDocument(saved));
                return saved;
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                next++; // another save took this version
            }
        }
    }

    public Optional<EmailSequence> find(String sequenceId, int version) {
        return Optional.ofNullable(sequences
                        .find(Filters.eq("_id", key(sequenceId, version)))
                        .first())
                .map(EmailSequences::toSequence);
    }

    public Optional<EmailSequence> latest(String sequenceId) {
        return Optional.ofNullable(sequences
                        .find(Filters.eq("sequenceId", sequenceId))
                        .sort(Sorts.descending("version"))
                        .first())
                .map(EmailSequences::toSequence);
    }

    /** Every version of the sequence, oldest first. */
    public List<EmailSequence> versions(String sequenceId) {
        List<EmailSequence> versions = new ArrayList<>();
        sequences
                .find(Filters.eq("sequenceId", sequenceId))
                .sort(Sorts.ascending("version"))
                .forEach(document -> versions.add(toSequence(document)));
        return versions;
    }

    /** The latest version of every sequence, by name. */
    public List<EmailSequence> allLatest() {
        Map<String, EmailSequence> latest = new LinkedHashMap<>();
        sequences.find().sort(Sorts.ascending("sequenceId", "version")).forEach(document -> {
            EmailSequence sequence = toSequence(document);
            latest.put(sequence.sequenceId(), sequence);
        });
        return latest.values().stream()
                .sorted(Comparator.comparing(EmailSequence::name).thenComparing(EmailSequence::sequenceId))
                .toList();
    }

    private static String key(String sequenceId, int version) {
        return sequenceId + "#" + version;
    }

    private static Document toDocument(EmailSequence sequence) {
        List<Document> steps = sequence.steps().stream()
                .map(step -> new Document("templateId", step.templateId())
                        .append("templateVersion", step.templateVersion())
                        .append("delay", step.delay().toString()))
                .toList();
        return new Document("_id", key(sequence.sequenceId(), sequence.version()))
                .append("sequenceId", sequence.sequenceId())
                .append("version", sequence.version())
                .append("name", sequence.name())
                .append("steps", steps)
                .append("createdAt", Date.from(sequence.createdAt()))
                .append("createdBy", sequence.createdBy());
    }

    private static EmailSequence toSequence(Document document) {
        List<EmailSequence.Step> steps = document.getList("steps", Document.class).stream()
                .map(step -> new EmailSequence.Step(
                        step.getString("templateId"),
                        step.getInteger("templateVersion"),
                        Duration.parse(step.getString("delay"))))
                .toList();
        return new EmailSequence(
                document.getString("sequenceId"),
                document.getInteger("version"),
                document.getString("name"),
                steps,
                document.getDate("createdAt").toInstant(),
                document.getString("createdBy"));
    }
}
