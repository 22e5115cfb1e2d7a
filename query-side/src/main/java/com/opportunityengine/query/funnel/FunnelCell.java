package com.opportunityengine.query.funnel;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The owner and source an opportunity's contribution is filed under. Its {@link #key()} is a safe
 * MongoDB field name: both parts percent-encoded ('.' and '$' included) and joined by '|'.
 */
record FunnelCell(String owner, String source) {

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

    static FunnelCell fromKey(String key) {
        int bar = key.indexOf('|');
        return new FunnelCell(decode(key.substring(0, bar)), decode(key.substring(bar + 1)));
    }

    boolean matches(String ownerFilter, String sourceFilter) {
        return (ownerFilter == null || ownerFilter.equals(owner)) && (sourceFilter == null || sourceFilter.equals(source));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace(".", "%2E").replace("*", "%2A");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
