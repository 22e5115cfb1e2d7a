package com.opportunityengine.command.web;

import java.math.BigDecimal;

/**
 * The limits a command's text and amounts must keep, wherever the command comes from: the HTTP requests' constraints
 * ({@code @Size(max = InputLimits.TITLE)}, {@link ValidMoney}) and the Salesforce import's rows use these, so that an
 * import cannot append what a request would be refused for.
 */
public final class InputLimits {

    /** An opportunity's title, a customer's or a document's name. */
    public static final int TITLE = 200;

    /** An opportunity's description, a contact's summary or outcome. */
    public static final int DESCRIPTION = 4000;

    /** An opportunity's source, a team role. */
    public static final int SOURCE = 100;

    /** An external id an import derives ids and names from (a Salesforce record id). */
    public static final int EXTERNAL_ID = 100;

    public static final String AMOUNT_RULE =
            "must be an amount of at least 0 with at most 4 decimals and 15 integer" + " digits";

    private InputLimits() {}

    /** Whether the value is an amount: not negative, at most 4 decimals and at most 15 integer digits. */
    public static boolean isAmount(BigDecimal amount) {
        BigDecimal value = amount.stripTrailingZeros();
        long integerDigits = (long) value.precision() - value.scale();
        return value.signum() >= 0 && value.scale() <= 4 && integerDigits <= 15;
    }
}
