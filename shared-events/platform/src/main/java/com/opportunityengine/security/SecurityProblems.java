package com.opportunityengine.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The problem+json answers of the security filter chain, which runs before Spring MVC (so its
 * answers cannot come from an app's {@code @RestControllerAdvice}): 401 with
 * {@code WWW-Authenticate: Bearer} without a valid key, 403 when the roles do not allow the
 * request, and 404 (the same body as for an unknown id) when a sales rep or manager asks for an
 * opportunity they do not see.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String PREFIX = "urn:opportunity-engine:problem:";
    /** Set by the visibility check, to the opportunity's id, when it exists but is not visible. */
    static final String HIDDEN = SecurityProblems.class.getName() + ".hidden";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response,
                         AuthenticationException authException) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid API key is required: Authorization: Bearer <key>.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response,
                       AccessDeniedException accessDeniedException) throws IOException {
        Object hidden = request.getAttribute(HIDDEN);
        if (hidden != null) {
            // the very body the query side answers for an unknown opportunity, so that nothing tells them apart
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    "No opportunity with id " + hidden);
            problem.setType(URI.create("urn:problem:not-found"));
            problem.setTitle("Not found");
            problem.setInstance(URI.create(request.getRequestURI()));
            write(response, problem);
            return;
        }
        write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "Your roles do not allow this request.");
    }

    private void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PREFIX + type));
        problem.setTitle(title);
        write(response, problem);
    }

    private void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        HttpStatus status = HttpStatus.valueOf(problem.getStatus());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
