package com.opportunityengine.platform.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * How the engine reads JSON request bodies, on both sides: the app's mapper (dates, modules) made strict where values
 * enter, so that every later step can trust them.
 *
 * <ul>
 *   <li>the stream: a key twice in one object is malformed (no "last one wins" for a second {@code ownerId}); at most
 *       {@value Decimals#MAX_LENGTH} characters in a number, {@value #MAX_STRING_LENGTH} in a string,
 *       {@value #MAX_NESTING_DEPTH} levels of nesting; nothing after the document;
 *   <li>types: a number or boolean where text is expected is refused, so is a number where an enum is expected
 *       ({@code "channel": 1}), and so is a fraction where a whole number is expected ({@code 60.5} is not
 *       truncated to 60); an empty string where a date, time, number,
 *       id or enum is expected is refused (not taken as absent);
 *   <li>values: every string is well-formed Unicode ({@link WellFormedText}); every decimal is bounded and written
 *       without spaces ({@link Decimals}), and so is a whole number sent as a string; every instant and date lies in {@link BusinessTimeRange}.
 * </ul>
 *
 * Only requests are read this way: events are read by the event serializer, which must replay whatever the log holds.
 * Unknown properties stay ignored, so that clients written against a later contract keep working.
 */
public final class RequestJson {

    public static final int MAX_STRING_LENGTH = 1 << 20;
    public static final int MAX_NESTING_DEPTH = 64;

    private RequestJson() {}

    /** A copy of the app's mapper that reads requests as described above; the app's mapper is left as it is. */
    public static ObjectMapper forRequests(ObjectMapper appMapper) {
        ObjectMapper mapper = appMapper.copy();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(Decimals.MAX_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .build());
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        // a fraction where a whole number is expected is refused, not truncated ("probability": 60.5 is not 60)
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.registerModule(module());
        return mapper;
    }

    /** The value checks, as a module (registered last, so it takes the place of the standard deserializers). */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("opportunity-engine-request-json");
        module.addDeserializer(String.class, new WellFormedStrings());
        module.addDeserializer(BigDecimal.class, new BoundedDecimals());
        module.addDeserializer(Instant.class, new InstantsInRange());
        module.addDeserializer(LocalDate.class, new DatesInRange());
        module.addDeserializer(
                Integer.class,
                new UnpaddedWhole<>(Integer.class, new NumberDeserializers.IntegerDeserializer(Integer.class, null)));
        module.addDeserializer(
                int.class,
                new UnpaddedWhole<>(int.class, new NumberDeserializers.IntegerDeserializer(Integer.TYPE, 0)));
        module.addDeserializer(
                Long.class,
                new UnpaddedWhole<>(Long.class, new NumberDeserializers.LongDeserializer(Long.class, null)));
        module.addDeserializer(
                long.class, new UnpaddedWhole<>(long.class, new NumberDeserializers.LongDeserializer(Long.TYPE, 0L)));
        return module;
    }

    private static final class WellFormedStrings extends StdScalarDeserializer<String> {

        WellFormedStrings() {
            super(String.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && !WellFormedText.isWellFormed(text)) {
                throw new RefusedInputException(p, WellFormedText.MESSAGE);
            }
            return text;
        }
    }

    private static final class BoundedDecimals extends StdScalarDeserializer<BigDecimal> {

        BoundedDecimals() {
            super(BigDecimal.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_STRING
                    && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
            }
            try {
                return Decimals.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw new RefusedInputException(p, e.getMessage());
            }
        }
    }

    /**
     * A whole number sent as a string (Jackson's coercion, kept for clients that quote numbers) must be written
     * without spaces: {@code " 5 "} is refused as it is for a decimal, not trimmed to 5.
     */
    private static final class UnpaddedWhole<T> extends StdScalarDeserializer<T> {

        private final JsonDeserializer<T> standard;

        UnpaddedWhole(Class<T> type, JsonDeserializer<T> standard) {
            super(type);
            this.standard = standard;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Integer;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && !isTrimmedAndPresent(p.getText())) {
                throw new RefusedInputException(p, "must be a whole number written without spaces");
            }
            return standard.deserialize(p, ctxt);
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            return standard.getNullValue(ctxt);
        }
    }

    private static final class InstantsInRange extends StdScalarDeserializer<Instant> {

        private final JsonDeserializer<Instant> standard = InstantDeserializer.INSTANT;

        InstantsInRange() {
            super(Instant.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && !isTrimmedAndPresent(p.getText())) {
                throw new RefusedInputException(p, "must be an ISO-8601 instant, e.g. 2026-03-01T09:30:00Z");
            }
            Instant instant = standard.deserialize(p, ctxt);
            if (instant != null && !BusinessTimeRange.contains(instant)) {
                throw new RefusedInputException(p, BusinessTimeRange.MESSAGE);
            }
            return instant;
        }
    }

    private static final class DatesInRange extends StdScalarDeserializer<LocalDate> {

        private final JsonDeserializer<LocalDate> standard = LocalDateDeserializer.INSTANCE;

        DatesInRange() {
            super(LocalDate.class);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.DateTime;
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING && !isTrimmedAndPresent(p.getText())) {
                throw new RefusedInputException(p, "must be a date YYYY-MM-DD");
            }
            LocalDate date = standard.deserialize(p, ctxt);
            if (date != null && !BusinessTimeRange.contains(date)) {
                throw new RefusedInputException(p, BusinessTimeRange.MESSAGE);
            }
            return date;
        }
    }

    private static boolean isTrimmedAndPresent(String text) {
        return !text.isEmpty() && text.strip().length() == text.length();
    }
}
