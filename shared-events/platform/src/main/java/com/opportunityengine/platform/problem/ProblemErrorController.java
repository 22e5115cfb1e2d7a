package com.opportunityengine.platform.problem;

import com.opportunityengine.store.StoreFaults;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.MDC;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}, where a {@code sendError} from a filter, the firewall's
 * default or the container ends up), as problem+json in place of Spring Boot's default error JSON: the status the
 * container had, nothing of the exception; a store fault a filter met (the key look-up, the idempotency ledger)
 * is the 503 with {@code Retry-After} the advice answers for it. Asked for directly, {@code /error} is a path like any unknown one: 404.
 */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri instanceof String path ? path : request.getRequestURI();
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && StoreFaults.isStoreFault(failure)) {
            ProblemDetail problem = Problems.storeUnavailable();
            problem.setInstance(Problems.instance(instance));
            return ResponseEntity.status(problem.getStatus())
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(ProblemAdvice.STORE_RETRY_AFTER_SECONDS))
                    .body(problem);
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value && value >= 400 ? value : HttpStatus.NOT_FOUND.value();
        ProblemDetail problem = status == 500
                ? Problems.internalError(correlationId())
                : Problems.forStatus(HttpStatusCode.valueOf(status), null);
        problem.setInstance(Problems.instance(instance));
        return ResponseEntity.status(status).body(problem);
    }

    private static String correlationId() {
        String id = MDC.get(ProblemAdvice.CORRELATION_ID);
        return id != null ? id : "unknown";
    }
}
