package com.opportunityengine.query.web;

import com.opportunityengine.events.common.Ids;
import com.opportunityengine.platform.input.BusinessTimeRange;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/** Parsing of query parameters into values, with a 400 problem naming the parameter when one is malformed. */
public final class QueryParams {

    public static final int MAX_PAGE_SIZE = 200;

    private QueryParams() {}

    /** Parses an optional value; null or blank stays null. */
    public static <T> T parse(String field, String raw, Function<String, T> parser) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return parser.apply(raw.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw QueryProblems.badParameter(field, "'" + raw + "' is malformed: " + e.getMessage());
        }
    }

    public static UUID uuid(String field, String raw) {
        // strict, as the command side's typed ids: UUID.fromString alone takes short forms such as 1-2-3-4-5
        return parse(field, raw, Ids::parseUuid);
    }

    /** An instant in the business-time range ({@link BusinessTimeRange}), or null when absent. */
    public static Instant instant(String field, String raw) {
        return inRange(field, parse(field, raw, Instant::parse));
    }

    /** @throws org.springframework.web.ErrorResponseException 400 naming the field when the instant is out of range */
    public static Instant inRange(String field, Instant instant) {
        if (instant != null && !BusinessTimeRange.contains(instant)) {
            throw QueryProblems.badParameter(field, BusinessTimeRange.MESSAGE);
        }
        return instant;
    }

    public static <E extends Enum<E>> E enumValue(String field, String raw, Class<E> type) {
        return parse(field, raw, value -> Enum.valueOf(type, value.toUpperCase(Locale.ROOT)));
    }

    public static int page(Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 0) {
            throw QueryProblems.badParameter("page", "must be 0 or more");
        }
        return page;
    }

    public static int size(Integer size) {
        if (size == null) {
            return 20;
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw QueryProblems.badParameter("size", "must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    public static Boolean bool(String field, String raw) {
        return parse(field, raw, value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    /**
     * A sort order {@code field} or {@code field,asc|desc}.
     *
     * @param allowed the public field names that may be sorted on
     */
    public static SortOrder sort(String raw, Set<String> allowed, SortOrder fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String[] parts = raw.trim().split(",", -1);
        if (parts.length > 2 || !allowed.contains(parts[0].trim())) {
            throw QueryProblems.badParameter(
                    "sort", "'" + raw + "' is not one of " + allowed + " optionally followed by ,asc or ,desc");
        }
        boolean ascending = true;
        if (parts.length == 2) {
            String direction = parts[1].trim().toLowerCase(Locale.ROOT);
            if (!direction.equals("asc") && !direction.equals("desc")) {
                throw QueryProblems.badParameter("sort", "the direction must be asc or desc");
            }
            ascending = direction.equals("asc");
        }
        return new SortOrder(parts[0].trim(), ascending);
    }
}
