package com.opportunityengine.query.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place the query side writes error bodies: RFC 9457 problem+json for the problems its
 * controllers raise ({@link QueryProblems}) and for parameters Spring could not convert.
 * Anything unexpected falls through to the app's general handling (a 5xx is a bug).
 */
@RestControllerAdvice(basePackages = "com.opportunityengine.query")
// before a catch-all advice of the command side when both run in one app; it only covers query controllers
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException exception, WebRequest request) {
        String expected = exception.getRequiredType() == null ? "a valid value" : exception.getRequiredType().getSimpleName();
        ErrorResponseException problem = QueryProblems.badParameter(exception.getName(),
                "'" + exception.getValue() + "' is not " + article(expected) + " " + expected);
        return handleErrorResponseException(problem, problem.getHeaders(), problem.getStatusCode(), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        ErrorResponseException problem = QueryProblems.badParameter(exception.getParameterName(), "is required");
        return handleErrorResponseException(problem, headers, problem.getStatusCode(), request);
    }

    private static String article(String word) {
        return "AEIOU".indexOf(Character.toUpperCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
