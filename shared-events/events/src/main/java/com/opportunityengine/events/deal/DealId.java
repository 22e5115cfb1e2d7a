package com.opportunityengine.events.deal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a deal made by converting an opportunity; also its aggregate identifier. */
public record DealId(UUID value) {

    public DealId {
        Objects.requireNonNull(value, "value");
    }

    public static DealId random() {
        return new DealId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static DealId of(String value) {
        return new DealId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
