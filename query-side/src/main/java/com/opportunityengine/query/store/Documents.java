package com.opportunityengine.query.store;

import com.opportunityengine.events.common.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;

/**
 * How read models write values into MongoDB documents. Instants are fixed-width ISO strings with
 * nanoseconds ({@code 2026-03-01T09:30:00.000000000Z}) so that they keep the events' precision and
 * still sort and compare as strings; money is {@code {value: "<decimal string>", currency}}.
 */
public final class Documents {

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Documents() {}

    public static String instant(Instant instant) {
        return instant == null ? null : INSTANT.format(instant);
    }

    public static Instant instant(String stored) {
        return stored == null ? null : Instant.parse(stored);
    }

    public static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }

    public static LocalDate date(String stored) {
        return stored == null ? null : LocalDate.parse(stored);
    }

    public static Document money(Money money) {
        return money == null
                ? null
                : new Document("value", money.value().toPlainString())
                        .append("currency", money.currency().getCurrencyCode());
    }

    public static Money money(Document stored) {
        return stored == null
                ? null
                : new Money(
                        new BigDecimal(stored.getString("value")), Currency.getInstance(stored.getString("currency")));
    }

    /** A JSON-friendly copy of an answer's money: value as a decimal string and the currency code. */
    public static Map<String, String> moneyJson(Money money) {
        if (money == null) {
            return null;
        }
        Map<String, String> json = new LinkedHashMap<>();
        json.put("value", money.value().toPlainString());
        json.put("currency", money.currency().getCurrencyCode());
        return json;
    }
}
