package com.opportunityengine.platform.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A JSON value {@link RequestJson} refuses where it is parsed (a lone surrogate, a decimal out of bounds, a time out
 * of range, an empty date); Jackson adds the field's path, and the problem names it with {@link #reason()}.
 */
public class RefusedInputException extends JsonMappingException {

    private final String reason;

    RefusedInputException(JsonParser parser, String reason) {
        super(parser, reason);
        this.reason = reason;
    }

    /** What is wrong with the value, as a field message ("must be ..."). */
    public String reason() {
        return reason;
    }
}
