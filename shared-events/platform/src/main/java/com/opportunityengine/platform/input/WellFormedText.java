package com.opportunityengine.platform.input;

import com.opportunityengine.platform.problem.InvalidInputException;

/**
 * Text the engine stores must be well-formed Unicode: a UTF-16 surrogate without its partner (JSON's
 * {@code "\ud800"}) cannot be written as UTF-8, so the store would keep something else than the hash chain
 * covered. Every text input is checked (request bodies through {@link RequestJson}, imported files by the import).
 */
public final class WellFormedText {

    public static final String MESSAGE = "must be well-formed Unicode (it holds a lone UTF-16 surrogate)";

    private WellFormedText() {}

    /** Whether every surrogate in the text is half of a pair. */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the text (null stays null)
     * @throws InvalidInputException naming the field when it is not well-formed
     */
    public static String check(String field, String text) {
        if (text != null && !isWellFormed(text)) {
            throw new InvalidInputException(field, MESSAGE);
        }
        return text;
    }
}
