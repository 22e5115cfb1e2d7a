package com.opportunityengine.command.email;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bson.Document;

/**
 * The address book: events name a recipient by {@code sha256:<hex>} of the lower-cased address, and the
 * {@code email_addresses} collection ({@code _id} the reference) holds the address itself, so that the log keeps no
 * address and forgetting someone is deleting one document. Suppressions are keyed by the same reference.
 */
public class Addresses {

    static final String COLLECTION = "email_addresses";

    private final MongoCollection<Document> addresses;

    public Addresses(MongoDatabase database) {
        this.addresses = database.getCollection(COLLECTION);
    }

    /** The reference of an address: {@code sha256:} and the hex SHA-256 of its trimmed, lower-cased form. */
    public static String reference(String address) {
        return "sha256:" + sha256(normalized(address));
    }

    static String normalized(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    /** Records the address under its reference (idempotent) and answers the reference. */
    public String remember(String address) {
        String reference = reference(address);
        addresses.replaceOne(
                Filters.eq("_id", reference),
                new Document("_id", reference).append("address", normalized(address)),
                new ReplaceOptions().upsert(true));
        return reference;
    }

    public Optional<String> address(String reference) {
        return Optional.ofNullable(addresses.find(Filters.eq("_id", reference)).first())
                .map(document -> document.getString("address"));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
