package com.opportunityengine.platform.input;

import com.opportunityengine.platform.problem.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text the engine stores must be well-formed Unicode: a UTF-16 surrogate without its partner (JSON's
 * {@code "\ud800"}) cannot be written as UTF-8, so the store would keep something else than the hash chain
 * covered. Every text input is checked (request bodies through {@link RequestJson}, imported files by
 * {@link #checkUtf8} where they are uploaded).
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

    /** The message of a file that is not UTF-8. */
    public static final String NOT_UTF8 = "must be UTF-8 text (it holds a byte sequence that is no UTF-8 character)";

    /**
     * Checks an uploaded file is well-formed UTF-8 (which also rules out an encoded lone surrogate), instead of
     * letting a lenient decoder put U+FFFD in place of what it could not read.
     *
     * @return the bytes
     * @throws InvalidInputException naming the field when they are not
     */
    public static byte[] checkUtf8(String field, byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return bytes;
        } catch (CharacterCodingException e) {
            throw new InvalidInputException(field, NOT_UTF8);
        }
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
