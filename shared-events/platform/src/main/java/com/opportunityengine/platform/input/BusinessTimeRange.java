package com.opportunityengine.platform.input;

import com.opportunityengine.platform.problem.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The business times the engine takes: from {@value #FIRST_DAY} to {@value #LAST_DAY} (UTC), both included. Every
 * instant and date that enters (a command's {@code occurredAt}, a due date, an expected close date, a query's
 * {@code asOf}, {@code knownAt}, {@code cutoff}, {@code from}, {@code to}, an imported time) is checked against it
 * where it is parsed, so that no projection, fold or date arithmetic ever meets the year -999999999. Events already
 * in the log are not checked: they always replay.
 */
public final class BusinessTimeRange {

    public static final String FIRST_DAY = "1900-01-01";
    public static final String LAST_DAY = "2999-12-31";

    /** The first instant taken. */
    public static final Instant FIRST =
            LocalDate.parse(FIRST_DAY).atStartOfDay().toInstant(ZoneOffset.UTC);
    /** The first instant no longer taken. */
    public static final Instant END =
            LocalDate.parse(LAST_DAY).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    /** The message of a field out of the range. */
    public static final String MESSAGE = "must lie between " + FIRST_DAY + " and " + LAST_DAY + " (UTC)";

    private BusinessTimeRange() {}

    public static boolean contains(Instant instant) {
        return !instant.isBefore(FIRST) && instant.isBefore(END);
    }

    public static boolean contains(LocalDate date) {
        return !date.isBefore(LocalDate.parse(FIRST_DAY)) && !date.isAfter(LocalDate.parse(LAST_DAY));
    }

    /**
     * @return the instant (null stays null)
     * @throws InvalidInputException naming the field when it lies outside the range
     */
    public static Instant check(String field, Instant instant) {
        if (instant != null && !contains(instant)) {
            throw new InvalidInputException(field, MESSAGE);
        }
        return instant;
    }

    /**
     * @return the date (null stays null)
     * @throws InvalidInputException naming the field when it lies outside the range
     */
    public static LocalDate check(String field, LocalDate date) {
        if (date != null && !contains(date)) {
            throw new InvalidInputException(field, MESSAGE);
        }
        return date;
    }
}
