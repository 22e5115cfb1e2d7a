package com.opportunityengine.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Reads an API request's body once, up to {@code engine.web.max-body-bytes} (64 KiB by default):
 * a declared {@code Content-Length} over the limit is refused without reading anything, a chunked
 * body is read only up to one byte past the limit. A body over the limit is answered with 413 by
 * {@link RequestChecksInterceptor} (and reading it fails, should anything try). The bytes are kept
 * for the idempotency fingerprint. Multipart requests (file uploads) are left alone.
 * <p>
 * When the request carries an {@code Idempotency-Key} the response is buffered too, so that the
 * idempotency ledger can record it before it leaves.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBodyBytes;

    RequestBodyLimitFilter(@Value("${engine.web.max-body-bytes:65536}") long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return !request.getRequestURI().startsWith("/api/")
                || (contentType != null && contentType.toLowerCase().startsWith("multipart/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpServletRequest wrapped = readBody(request);
        if (request.getHeader(RequestAttributes.IDEMPOTENCY_KEY_HEADER) == null) {
            chain.doFilter(wrapped, response);
            return;
        }
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(wrapped, buffered);
        } finally {
            buffered.copyBodyToResponse();
        }
    }

    private HttpServletRequest readBody(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            return tooLarge(request);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
        InputStream in = request.getInputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            body.write(buffer, 0, read);
            if (body.size() > maxBodyBytes) {
                return tooLarge(request);
            }
        }
        byte[] bytes = body.toByteArray();
        request.setAttribute(RequestAttributes.BODY_BYTES, bytes);
        return new CachedBodyRequest(request, bytes);
    }

    private HttpServletRequest tooLarge(HttpServletRequest request) {
        request.setAttribute(RequestAttributes.BODY_TOO_LARGE, maxBodyBytes);
        return new TooLargeBodyRequest(request, maxBodyBytes);
    }
}
