package com.opportunityengine.command.web;

import com.opportunityengine.platform.problem.InvalidInputException;
import com.opportunityengine.platform.problem.PayloadTooLargeException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Turns what the filters found wrong with a request into exceptions, so that
 * the app's advice writes the error body: an invalid {@code X-Correlation-Id} (400)
 * and a body over the limit (413). Runs before the idempotency interceptor.
 */
class RequestChecksInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        if (request.getAttribute(RequestAttributes.INVALID_CORRELATION_ID) != null) {
            throw new InvalidInputException(
                    RequestAttributes.CORRELATION_ID_HEADER, "must be 1 to 100 letters, digits, '.', '_', ':' or '-'");
        }
        Object limit = request.getAttribute(RequestAttributes.BODY_TOO_LARGE);
        if (limit != null) {
            throw new PayloadTooLargeException((Long) limit);
        }
        return true;
    }
}
