package com.opportunityengine.platform.input;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in query parameters, path variables and headers ({@code size}, {@code page}, {@code minVersion},
 * {@code after}, ...) are plain decimal integers: an optional minus sign and 1 to 19 digits, in range. Spring's own
 * number editor also reads {@code 0x1} and {@code #1} as hexadecimal and an empty value ({@code ?size=}) as no value
 * at all, and Spring falls back to that editor when a conversion service refuses a value; so the strict reading is
 * registered as the binder's editor for {@code Long}, {@code long}, {@code Integer} and {@code int}, and a refused
 * value is a 400 {@code invalid-request} naming the parameter (the problem handling of a type mismatch).
 */
@ControllerAdvice
public class StrictNumberParameters {

    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,19}");

    @InitBinder
    void strictNumbers(WebDataBinder binder) {
        binder.registerCustomEditor(Long.class, new Editor(Long.MIN_VALUE, Long.MAX_VALUE, false));
        binder.registerCustomEditor(long.class, new Editor(Long.MIN_VALUE, Long.MAX_VALUE, false));
        binder.registerCustomEditor(Integer.class, new Editor(Integer.MIN_VALUE, Integer.MAX_VALUE, true));
        binder.registerCustomEditor(int.class, new Editor(Integer.MIN_VALUE, Integer.MAX_VALUE, true));
    }

    /** A decimal integer within [min, max], or an {@link IllegalArgumentException} (empty, other notations, range). */
    static long parse(String text, long min, long max) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw new IllegalArgumentException("not a decimal integer");
        }
        // 19 digits may still be out of range: NumberFormatException is an IllegalArgumentException
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("out of range");
        }
        return value;
    }

    private static final class Editor extends PropertyEditorSupport {
        private final long min;
        private final long max;
        private final boolean integer;

        Editor(long min, long max, boolean integer) {
            this.min = min;
            this.max = max;
            this.integer = integer;
        }

        @Override
        public void setAsText(String text) {
            long value = parse(text, min, max);
            setValue(integer ? Integer.valueOf((int) value) : Long.valueOf(value));
        }

        @Override
        public String getAsText() {
            Object value = getValue();
            return value == null ? "" : value.toString();
        }
    }
}
