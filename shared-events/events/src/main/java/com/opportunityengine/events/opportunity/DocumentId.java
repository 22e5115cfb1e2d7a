package com.opportunityengine.events.opportunity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a document linked to an opportunity. */
public record DocumentId(UUID value) {

    public DocumentId {
        Objects.requireNonNull(value, "value");
    }

    public static DocumentId random() {
        return new DocumentId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static DocumentId of(String value) {
        return new DocumentId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
