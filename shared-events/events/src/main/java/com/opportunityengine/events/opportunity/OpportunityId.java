package com.opportunityengine.events.opportunity;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.opportunityengine.events.common.Ids;
import java.util.Objects;
import java.util.UUID;

/** Identifies an opportunity (商机); also its aggregate identifier. */
public record OpportunityId(UUID value) {

    public OpportunityId {
        Objects.requireNonNull(value, "value");
    }

    public static OpportunityId random() {
        return new OpportunityId(UUID.randomUUID());
    }

    /** @throws IllegalArgumentException when the text is not a UUID */
    @JsonCreator
    public static OpportunityId of(String value) {
        return new OpportunityId(Ids.parseUuid(value));
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
