package com.opportunityengine.events.pipeline;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.regex.Pattern;

/** Identifies a pipeline: lower-case letters, digits and '-', e.g. {@code default}. */
public record PipelineId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    public static final PipelineId DEFAULT = new PipelineId("default");

    public PipelineId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a pipeline id is 1 to 64 lower-case letters, digits or '-'");
        }
    }

    @JsonCreator
    public static PipelineId of(String value) {
        return new PipelineId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
