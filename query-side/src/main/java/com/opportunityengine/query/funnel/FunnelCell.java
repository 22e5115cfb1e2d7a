package com.opportunityengine.query.funnel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The owner and source an opportunity's contribution is filed under. Keys are safe MongoDB field
 * names and id parts: percent-encoded ('.', '$', '*' and '/' included); {@link #ALL} stands for every
 * owner or every source. {@link #key()} joins both with '|'.
 */
record FunnelCell(String owner, String source) {

    static final String ALL = "*";

    FunnelCell {
        owner = owner == null ? "" : owner;
        source = source == null ? "" : source;
    }

    static FunnelCell of(FunnelState state) {
        return new FunnelCell(state.owner, state.source);
    }

    String key() {
        return encode(owner) + "|" + encode(source);
    }

    String ownerKey() {
        return encode(owner);
    }

    String sourceKey() {
        return encode(source);
    }

    /** The owner part of a document id for a query: one owner, or all of them. */
    static String ownerKey(String ownerFilter) {
        return ownerFilter == null ? ALL : encode(ownerFilter);
    }

    /** The source cell a query reads: one source, or all of them. */
    static String sourceKey(String sourceFilter) {
        return sourceFilter == null ? ALL : encode(sourceFilter);
    }

    static FunnelCell fromKey(String key) {
        int bar = key.indexOf('|');
        return new FunnelCell(decode(key.substring(0, bar)), decode(key.substring(bar + 1)));
    }

    boolean matches(String ownerFilter, String sourceFilter) {
        return (ownerFilter == null || ownerFilter.equals(owner))
                && (sourceFilter == null || sourceFilter.equals(source));
    }

    static String encode(String value) {
        // URLEncoder already encodes '/', '|' and '$'; it leaves '.', '*', '-' and '_' alone
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace(".", "%2E")
                .replace("*", "%2A");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
