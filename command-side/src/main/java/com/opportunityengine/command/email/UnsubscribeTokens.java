package com.opportunityengine.command.email;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;

/**
 * The unsubscribe links' tokens: {@code base64url(<address reference>|<emailId>) . base64url(HMAC-SHA256)}. The key
 * is {@code engine.email.unsubscribe-secret} when set, else 256 random bits made once and kept in the store's
 * {@code email_settings} collection, so that every node signs and checks alike.
 */
public class UnsubscribeTokens {

    static final String SETTINGS = "email_settings";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final byte[] key;

    public UnsubscribeTokens(byte[] key) {
        this.key = key.clone();
    }

    /** The configured secret, or the store's key (made on first use). */
    public static UnsubscribeTokens of(String secret, MongoDatabase database) {
        if (secret != null && !secret.isBlank()) {
            return new UnsubscribeTokens(secret.getBytes(StandardCharsets.UTF_8));
        }
        MongoCollection<Document> settings = database.getCollection(SETTINGS);
        Document stored = settings.find(Filters.eq("_id", "unsubscribe-hmac")).first();
        if (stored == null) {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            try {
                settings.insertOne(
                        new Document("_id", "unsubscribe-hmac").append("key", ENCODER.encodeToString(fresh)));
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
            }
            stored = settings.find(Filters.eq("_id", "unsubscribe-hmac")).first();
        }
        return new UnsubscribeTokens(DECODER.decode(stored.getString("key")));
    }

    /** What a valid token names. */
    public record Subject(String reference, String emailId) {}

    public String token(String reference, String emailId) {
        byte[] payload = (reference + "|" + emailId).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
    }

    /** The token's subject when its signature holds, else empty. */
    public Optional<Subject> verify(String token) {
        if (token == null || token.length() > 400) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] payload = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(signature, mac(payload))) {
                return Optional.empty();
            }
            String text = new String(payload, StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            return bar < 0
                    ? Optional.empty()
                    : Optional.of(new Subject(text.substring(0, bar), text.substring(bar + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
