package com.opportunityengine.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}, where a {@code sendError} from a filter, the firewall's
 * default or the container ends up), as problem+json in place of Spring Boot's default error JSON: the status the
 * container had, nothing of the exception. Asked for directly, {@code /error} is a path like any unknown one: 404.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = status == 500
                ? Problems.internalError(correlationId())
                : Problems.forStatus(HttpStatusCode.valueOf(status), null);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(Problems.instance(uri instanceof String path ? path : request.getRequestURI()));
        return ResponseEntity.status(status).body(problem);
    }

    private static String correlationId() {
        String id = MDC.get(ProblemAdvice.CORRELATION_ID);
        return id != null ? id : "unknown";
    }
}
