package com.opportunityengine.command.email;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;

/**
 * The rendered emails, {@code email_messages}, by email id: written by the request's command handler before its
 * event is appended (a command that then fails leaves a message no event names, which nothing ever sends), read by
 * the dispatcher and the inbound matcher. Its {@code bodySha256} is the event's: an auditor checks one against the
 * other.
 */
public class EmailMessages {

    static final String COLLECTION = "email_messages";

    private final MongoCollection<Document> messages;

    public EmailMessages(MongoDatabase database) {
        this.messages = database.getCollection(COLLECTION);
    }

    public void put(EmailMessage message) {
        messages.replaceOne(
                Filters.eq("_id", message.emailId()),
                new Document("_id", message.emailId())
                        .append("opportunityId", message.opportunityId())
                        .append("to", message.to())
                        .append("subject", message.subject())
                        .append("text", message.text())
                        .append("html", message.html())
                        .append("bodySha256", message.bodySha256())
                        .append("templateId", message.templateId())
                        .append("templateVersion", message.templateVersion())
                        .append("templateName", message.templateName())
                        .append("senderId", message.senderId())
                        .append("unsubscribeUrl", message.unsubscribeUrl())
                        .append("sendAt", message.sendAt() == null ? null : Date.from(message.sendAt()))
                        .append("requestedAt", Date.from(message.requestedAt())),
                new ReplaceOptions().upsert(true));
    }

    public Optional<EmailMessage> find(String emailId) {
        Document d = messages.find(Filters.eq("_id", emailId)).first();
        if (d == null) {
            return Optional.empty();
        }
        Date sendAt = d.getDate("sendAt");
        return Optional.of(new EmailMessage(
                d.getString("_id"),
                d.getString("opportunityId"),
                d.getString("to"),
                d.getString("subject"),
                d.getString("text"),
                d.getString("html"),
                d.getString("bodySha256"),
                d.getString("templateId"),
                d.getInteger("templateVersion", 0),
                d.getString("templateName"),
                d.getString("senderId"),
                d.getString("unsubscribeUrl"),
                sendAt == null ? null : sendAt.toInstant(),
                d.getDate("requestedAt").toInstant()));
    }
}
