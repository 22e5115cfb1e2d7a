package com.opportunityengine.events.common;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/**
 * An amount in one ISO-4217 currency. Serialised as {@code {"value": "125000.00", "currency": "CNY"}};
 * the value is a decimal string on the way out and accepts numbers on the way in.
 */
public record Money(
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal value, Currency currency) {

    public Money {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(currency, "currency");
    }

    public static Money of(String value, String currencyCode) {
        return new Money(new BigDecimal(value), Currency.getInstance(currencyCode));
    }

    @JsonIgnore
    public boolean isNegative() {
        return value.signum() < 0;
    }

    @Override
    public String toString() {
        return value.toPlainString() + " " + currency.getCurrencyCode();
    }
}
