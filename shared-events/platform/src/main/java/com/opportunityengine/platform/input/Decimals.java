package com.opportunityengine.platform.input;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Decimal numbers as they enter the engine (a JSON number or decimal string, an imported amount): plain decimal
 * notation with an optional exponent, no spaces, at most {@value #MAX_LENGTH} characters, and a value with at most
 * {@value #MAX_DIGITS} digits before and after the point. Bounded here, where the text becomes a number, so that no
 * later step (a validation message, {@code toPlainString()}) meets {@code 1e999999999}, whose plain form has a
 * billion digits. Narrower rules (an amount's 15 integer digits and 4 decimals) are checked afterwards, by the
 * validation of the field.
 */
public final class Decimals {

    public static final int MAX_LENGTH = 100;
    public static final int MAX_DIGITS = 100;
    public static final String MESSAGE = "must be a decimal number (digits, an optional '.', an optional exponent; "
            + "no spaces) with at most " + MAX_DIGITS + " digits before and after the point";

    private static final Pattern FORMAT = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Decimals() {}

    /**
     * @throws IllegalArgumentException with {@link #MESSAGE} when the text is no such number
     */
    public static BigDecimal parse(String text) {
        if (text.length() > MAX_LENGTH || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException(MESSAGE);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(MESSAGE);
        }
        if (!withinBounds(value)) {
            throw new IllegalArgumentException(MESSAGE);
        }
        return value;
    }

    /** Whether the value has at most {@value #MAX_DIGITS} digits before and after the point. */
    public static boolean withinBounds(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        // long arithmetic: precision and scale are ints, and scale may be near Integer.MIN_VALUE
        long integerDigits = (long) value.precision() - value.scale();
        long decimals = value.scale();
        return integerDigits <= MAX_DIGITS && decimals <= MAX_DIGITS;
    }
}
