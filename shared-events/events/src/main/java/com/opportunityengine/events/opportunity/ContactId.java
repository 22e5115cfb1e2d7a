package com.opportunityengine.events.opportunity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies one logged contact of an opportunity. */
public record ContactId(UUID value) {

    public ContactId {
        Objects.requireNonNull(value, "value");
    }

    public static ContactId random() {
        return new ContactId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static ContactId of(String value) {
        return new ContactId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
