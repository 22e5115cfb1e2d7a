package com.opportunityengine.security;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * {@code engine.metrics.scrape-token}: a shared secret with which a metrics scraper (Prometheus) may read
 * {@code GET /actuator/prometheus}, and nothing else, without a user's API key. Unset (the default), only ADMIN keys
 * read metrics. Compared in constant time, by digest.
 */
final class ScrapeToken {

    static final String AUTHORITY = "SCRAPE_METRICS";
    static final String PATH = "/actuator/prometheus";
    static final Authentication SCRAPER = UsernamePasswordAuthenticationToken.authenticated(
            "metrics-scraper", null, List.of(new SimpleGrantedAuthority(AUTHORITY)));
    private static final int MIN_LENGTH = 16;

    private final byte[] digest;

    ScrapeToken(String token) {
        if (token == null || token.isBlank()) {
            this.digest = null;
            return;
        }
        if (token.trim().length() < MIN_LENGTH) {
            throw new IllegalArgumentException(
                    "engine.metrics.scrape-token must be at least " + MIN_LENGTH + " characters");
        }
        this.digest = sha256(token.trim());
    }

    /** True for a GET of the metrics path carrying the configured token. */
    boolean admits(HttpServletRequest request, String presented) {
        return digest != null
                && "GET".equals(request.getMethod())
                && PATH.equals(request.getRequestURI())
                && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
