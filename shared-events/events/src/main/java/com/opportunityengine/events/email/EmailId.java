package com.opportunityengine.events.email;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies one email of an opportunity: the key of its delivery and the root of its Message-ID. */
public record EmailId(UUID value) {

    public EmailId {
        Objects.requireNonNull(value, "value");
    }

    public static EmailId random() {
        return new EmailId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static EmailId of(String value) {
        return new EmailId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
