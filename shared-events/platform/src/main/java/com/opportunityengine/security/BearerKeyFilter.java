package com.opportunityengine.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api-key>}: a valid, unrevoked key of an existing
 * user makes that user the request's principal. A request without the header goes on
 * unauthenticated (the rules answer 401 where a key is needed); a bad, unknown or revoked key is
 * answered 401 at once. {@link ApiKeys} remembers a valid key and its user while the {@link SecurityEpoch} is
 * unchanged, which every request asks (read from the store at most once per {@link SecurityEpoch#TRUSTED}).
 */
final class BearerKeyFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;
    private final AuthenticationEntryPoint entryPoint;
    private final ScrapeToken scrapeToken;

    BearerKeyFilter(ApiKeys keys, AuthenticationEntryPoint entryPoint, ScrapeToken scrapeToken) {
        this.keys = keys;
        this.entryPoint = entryPoint;
        this.scrapeToken = scrapeToken;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<User> user = Optional.empty();
        if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && scrapeToken.admits(request, header.substring(BEARER.length()).trim())) {
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(ScrapeToken.SCRAPER);
            SecurityContextHolder.setContext(context);
            chain.doFilter(request, response);
            return;
        }
        if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            user = keys.authenticate(header.substring(BEARER.length()).trim());
        }
        if (user.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid API key"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new UserAuthentication(user.get()));
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
