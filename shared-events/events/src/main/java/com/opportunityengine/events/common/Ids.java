package com.opportunityengine.events.common;

import java.util.UUID;
import java.util.regex.Pattern;

/** Parsing shared by the typed ids. */
public final class Ids {

    private static final Pattern UUID_FORMAT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {}

    /** Strict UUID parsing: {@link UUID#fromString} accepts short forms such as "1-2-3-4-5". */
    public static UUID parseUuid(String value) {
        if (value == null || !UUID_FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a UUID: " + value);
        }
        return UUID.fromString(value);
    }

    /** A deterministic id derived from a name, for ids that must repeat across imports. */
    public static UUID nameBased(String namespace, String name) {
        return UUID.nameUUIDFromBytes((namespace + ":" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
