package com.opportunityengine.events.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** The code of an open stage within a pipeline, e.g. {@code needs-confirmed}. */
public record StageCode(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public StageCode {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a stage code is 1 to 64 lower-case letters, digits or '-'");
        }
    }

    @JsonCreator
    public static StageCode of(String value) {
        return new StageCode(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
