package com.opportunityengine.store.embedded;

import com.opportunityengine.store.embedded.SecondaryKeyType.Bound;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What of a query filter a {@link SecondaryIndexMap} can answer: the top-level conjuncts (through nested {@code $and})
 * that are an equality on a string ({@code {f: "x"}}, {@code {f: {$eq: "x"}}}) or a range on strings
 * ({@code $gt}, {@code $gte}, {@code $lt}, {@code $lte}). Everything else is residual: the documents an index range
 * gives are still matched against the whole filter, so a residual only costs reading, never a wrong answer. String
 * values only, because for them the filter's semantics are plain: an equality matches exactly that string (arrays
 * aside, which a usable index does not hold), and a comparison matches only strings (mongo-java-server compares values
 * of the same type only, as MongoDB's type bracketing).
 */
final class IndexedQuery {

    /** A range on one field: bounds null when open. */
    static final class Range {
        String lower;
        boolean lowerInclusive;
        String upper;
        boolean upperInclusive;

        void add(String operator, String value) {
            switch (operator) {
                case "$gt" -> lower(value, false);
                case "$gte" -> lower(value, true);
                case "$lt" -> upper(value, false);
                default -> upper(value, true);
            }
        }

        private void lower(String value, boolean inclusive) {
            int order = lower == null ? 1 : value.compareTo(lower);
            if (order > 0 || (order == 0 && !inclusive)) {
                lower = value;
                lowerInclusive = inclusive;
            }
        }

        private void upper(String value, boolean inclusive) {
            int order = upper == null ? -1 : value.compareTo(upper);
            if (order < 0 || (order == 0 && !inclusive)) {
                upper = value;
                upperInclusive = inclusive;
            }
        }
    }

    final Map<String, String> equalities = new LinkedHashMap<>();
    final Map<String, Range> ranges = new LinkedHashMap<>();
    /** Whether some condition is neither (it is left to the matcher). */
    boolean residual;

    private IndexedQuery() {}

    static IndexedQuery of(Document filter) {
        IndexedQuery query = new IndexedQuery();
        query.conjunct(filter);
        return query;
    }

    private void conjunct(Document filter) {
        for (Map.Entry<String, Object> condition : filter.entrySet()) {
            String field = condition.getKey();
            Object value = condition.getValue();
            if (field.equals("$and") && value instanceof List<?> all) {
                for (Object each : all) {
                    if (each instanceof Document document) {
                        conjunct(document);
                    } else {
                        residual = true;
                    }
                }
            } else if (field.startsWith("$")) {
                residual = true;
            } else if (value instanceof String text) {
                equality(field, text);
            } else if (value instanceof Document operators && operatorsOnly(operators)) {
                for (Map.Entry<String, Object> operator : operators.entrySet()) {
                    String name = operator.getKey();
                    if (!(operator.getValue() instanceof String text)) {
                        residual = true;
                    } else if (name.equals("$eq")) {
                        equality(field, text);
                    } else if (name.equals("$gt") || name.equals("$gte") || name.equals("$lt") || name.equals("$lte")) {
                        ranges.computeIfAbsent(field, ignored -> new Range()).add(name, text);
                    } else {
                        residual = true;
                    }
                }
            } else {
                residual = true;
            }
        }
    }

    private static boolean operatorsOnly(Document operators) {
        return !operators.isEmpty() && operators.keySet().stream().allMatch(key -> key.startsWith("$"));
    }

    private void equality(String field, String value) {
        String before = equalities.putIfAbsent(field, value);
        if (before != null && !before.equals(value)) {
            // two different values: nothing matches; the matcher says so
            residual = true;
        }
    }

    /** A key range of one index: the search keys at both ends, and whether the range is exactly the filter. */
    record Scan(SecondaryIndexMap index, KeyValue from, KeyValue to, boolean exact) {}

    /**
     * The range of {@code index} that holds every document this filter matches: the longest prefix of its fields with
     * an equality, then a range on the next field if there is one; null when the index narrows nothing. Exact when that
     * is the whole filter (then the number of keys in the range is the number of matching documents).
     */
    Scan scan(SecondaryIndexMap index) {
        List<String> fields = index.fields();
        List<Object> from = new ArrayList<>();
        List<Object> to = new ArrayList<>();
        int prefix = 0;
        while (prefix < fields.size() && equalities.containsKey(fields.get(prefix))) {
            String value = equalities.get(fields.get(prefix));
            from.add(value);
            to.add(value);
            prefix++;
        }
        Range range = prefix < fields.size() ? ranges.get(fields.get(prefix)) : null;
        if (prefix == 0 && range == null) {
            return null;
        }
        // one more position than the fields: the _id after them
        int rest = fields.size() + 1 - prefix;
        if (range != null) {
            // a string comparison matches strings only: the range starts and ends within them
            from.add(range.lower == null ? Bound.before("") : range.lower);
            to.add(range.upper == null ? Bound.after("") : range.upper);
            Bound fromTail = range.lower == null || range.lowerInclusive ? Bound.LOWEST : Bound.HIGHEST;
            Bound toTail = range.upper == null || range.upperInclusive ? Bound.HIGHEST : Bound.LOWEST;
            for (int i = 1; i < rest; i++) {
                from.add(fromTail);
                to.add(toTail);
            }
        } else {
            for (int i = 0; i < rest; i++) {
                from.add(Bound.LOWEST);
                to.add(Bound.HIGHEST);
            }
        }
        int fixed = prefix;
        boolean exact = !residual
                && equalities.keySet().stream()
                        .allMatch(field -> fields.subList(0, fixed).contains(field))
                && ranges.keySet().stream().allMatch(field -> range != null && field.equals(fields.get(fixed)));
        return new Scan(index, new KeyValue(from), new KeyValue(to), exact);
    }

    /** How many leading fields the scan fixes by equality. */
    int prefix(SecondaryIndexMap index) {
        int prefix = 0;
        while (prefix < index.fields().size()
                && equalities.containsKey(index.fields().get(prefix))) {
            prefix++;
        }
        return prefix;
    }
}
