package com.opportunityengine.security;

import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The answers of the security filter chain, which runs before Spring MVC (so they cannot come from the
 * app's advice), made and written by {@link Problems}: 401 with {@code WWW-Authenticate: Bearer} without a
 * valid key, 403 when the roles do not allow the request, and, when a sales rep or manager asks for an
 * opportunity they do not see, the very 404 an unknown opportunity answers ({@code opportunity-not-found}).
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    /** Set by the visibility check, to the opportunity's id, when it exists but is not visible. */
    static final String HIDDEN = SecurityProblems.class.getName() + ".hidden";

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problems.write(
                request,
                response,
                Problems.of(ProblemType.UNAUTHORIZED, "A valid API key is required: Authorization: Bearer <key>."));
    }

    /** The firewall refused the request: 400, without echoing what it found (the request's own text). */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException rejected)
            throws IOException {
        Problems.write(
                request,
                response,
                Problems.of(
                        ProblemType.INVALID_REQUEST,
                        "The request's path, a parameter or a header holds what the engine does not accept "
                                + "(';', '//', an encoded '/', '.', '%' or NUL, a control character)."));
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        Object hidden = request.getAttribute(HIDDEN);
        if (hidden != null) {
            Problems.write(request, response, Problems.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, hidden));
            return;
        }
        Problems.write(request, response, Problems.of(ProblemType.FORBIDDEN, "Your roles do not allow this request."));
    }
}
