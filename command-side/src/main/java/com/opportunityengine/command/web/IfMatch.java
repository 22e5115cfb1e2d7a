package com.opportunityengine.command.web;

import com.opportunityengine.platform.problem.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code If-Match: <version>} (quoted or not, weak or strong) into a command's expected version. */
public final class IfMatch {

    public static final String HEADER = "If-Match";
    private static final Pattern VERSION = Pattern.compile("\\s*(?:W/)?\"?(\\d{1,18})\"?\\s*");

    private IfMatch() {}

    /**
     * @return the expected version, or null when the header is absent or {@code *}
     * @throws InvalidInputException when it is not a version
     */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher matcher = VERSION.matcher(header);
        if (!matcher.matches()) {
            throw new InvalidInputException(HEADER, "must be one version, e.g. \"3\"");
        }
        return Long.parseLong(matcher.group(1));
    }
}
