package com.opportunityengine.command.web;

import com.opportunityengine.platform.MetaDataKeys;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the caller's {@code X-Correlation-Id} (up to 100 of {@code [A-Za-z0-9._:-]}) or makes one
 * up, keeps it for the commands the request sends and for the logs (MDC {@code correlationId}),
 * and echoes it in the response. An invalid one is replaced by a fresh id and rejected with a 400
 * by {@link RequestChecksInterceptor}, so that the advice writes the error body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CorrelationIdFilter extends OncePerRequestFilter {

    static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader(RequestAttributes.CORRELATION_ID_HEADER);
        String correlationId;
        if (sent == null) {
            correlationId = UUID.randomUUID().toString();
        } else if (FORMAT.matcher(sent).matches()) {
            correlationId = sent;
        } else {
            correlationId = UUID.randomUUID().toString();
            request.setAttribute(RequestAttributes.INVALID_CORRELATION_ID, sent);
        }
        request.setAttribute(RequestAttributes.CORRELATION_ID, correlationId);
        response.setHeader(RequestAttributes.CORRELATION_ID_HEADER, correlationId);
        MDC.put(MetaDataKeys.CORRELATION_ID, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MetaDataKeys.CORRELATION_ID);
        }
    }
}
