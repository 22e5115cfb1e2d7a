package com.opportunityengine.events.email;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies an email sequence: an ordered list of template steps, each after a delay in business time. */
public record SequenceId(UUID value) {

    public SequenceId {
        Objects.requireNonNull(value, "value");
    }

    public static SequenceId random() {
        return new SequenceId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static SequenceId of(String value) {
        return new SequenceId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
