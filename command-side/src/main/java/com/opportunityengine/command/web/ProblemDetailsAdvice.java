package com.opportunityengine.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.opportunityengine.command.idempotency.IdempotencyKeyInUseException;
import com.opportunityengine.command.idempotency.IdempotencyKeyReusedException;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Builds every error body of the command side as RFC 9457 {@code application/problem+json} with
 * {@code type}, {@code title}, {@code status}, {@code detail}; field errors add
 * {@code errors: [{field, message}]} (fields named as in the JSON), business rules add their
 * {@code code}. Nothing else writes error bodies. A 5xx is a bug: it is logged with the
 * correlation id and answered without internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    // ---- what Spring MVC itself detects -------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage()));
        }
        return fieldProblems(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        });
        return fieldProblems(errors, headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : ex.getPropertyName();
        String message = describeExpected(ex.getRequiredType());
        return fieldProblems(List.of(new FieldProblem(name, message)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = find(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return payloadTooLarge(tooLarge, request);
        }
        JsonMappingException mapping = find(ex, JsonMappingException.class);
        if (mapping != null && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping);
            return fieldProblems(List.of(new FieldProblem(field, describe(mapping))), headers, request);
        }
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(ProblemTypes.MALFORMED_JSON);
        problem.setTitle("Malformed JSON");
        if (find(ex, JsonProcessingException.class) != null) {
            problem.setDetail("The request body is not well-formed JSON of the expected shape.");
        } else {
            problem.setDetail("A JSON request body is required.");
        }
        return handleExceptionInternal(ex, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse response) {
            body = response.getBody(); // an ErrorResponseException keeps the ProblemDetail it was made with
        }
        if (body == null || body instanceof ProblemDetail) {
            ProblemDetail problem = body instanceof ProblemDetail given ? given : ProblemDetail.forStatus(statusCode);
            complete(problem, statusCode);
            body = problem;
        }
        if (statusCode.is5xxServerError()) {
            log.error("{} answered with {} (correlation id {})", ex.getClass().getName(), statusCode.value(),
                    correlationId(request), ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    // ---- what the command side raises -------------------------------------------------------

    @ExceptionHandler({CommandExecutionException.class, BusinessRuleException.class,
            AggregateNotFoundException.class, ConflictingAggregateVersionException.class,
            AggregateStreamCreationException.class, ConcurrencyException.class, MongoWriteException.class,
            NoHandlerForCommandException.class})
    ResponseEntity<Object> handleCommandFailure(Exception ex, WebRequest request) {
        Throwable failure = ex;
        if (ex instanceof CommandExecutionException execution) {
            Optional<Object> details = execution.getDetails();
            if (details.isPresent() && details.get() instanceof BusinessError error) {
                return businessRule(error.code(), error.message(), request);
            }
            if (execution.getCause() == null) {
                return unexpected(ex, request);
            }
            failure = execution.getCause();
        }
        if (failure instanceof BusinessRuleException rule) {
            return businessRule(rule.code(), rule.getMessage(), request);
        }
        if (failure instanceof AggregateNotFoundException) {
            return problem(ex, HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                    "Nothing with this id exists.", request);
        }
        if (failure instanceof ConflictingAggregateVersionException) {
            return problem(ex, HttpStatus.PRECONDITION_FAILED, ProblemTypes.VERSION_MISMATCH, "Version mismatch",
                    "If-Match names a version that is no longer current; read the current version and retry.",
                    request);
        }
        if (failure instanceof AggregateStreamCreationException || isDuplicateKey(failure)) {
            ResponseEntity<Object> response = problem(ex, HttpStatus.CONFLICT, ProblemTypes.ALREADY_EXISTS,
                    "Already exists", "Something with this id already exists.", request);
            ((ProblemDetail) response.getBody()).setProperty("code", ErrorCode.ALREADY_EXISTS.name());
            return response;
        }
        if (failure instanceof ConcurrencyException) {
            return problem(ex, HttpStatus.CONFLICT, ProblemTypes.CONCURRENT_MODIFICATION, "Concurrent modification",
                    "Another request changed the same item at the same time; retry.", request);
        }
        return unexpected(failure instanceof Exception e ? e : ex, request);
    }

    /** A role or an owner/team rule does not allow the command (the aggregates check it, {@code CommandAccess}). */
    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> handleAccessDenied(AccessDeniedException ex, WebRequest request) {
        return problem(ex, HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", ex.getMessage() + ".", request);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> handleInvalidInput(InvalidInputException ex, WebRequest request) {
        return fieldProblems(List.of(new FieldProblem(ex.field(), ex.getMessage())), new HttpHeaders(), request);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
        return payloadTooLarge(ex, request);
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> handleIdempotencyKeyReused(IdempotencyKeyReusedException ex, WebRequest request) {
        return problem(ex, HttpStatus.UNPROCESSABLE_ENTITY, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
                "Idempotency key reused", ex.getMessage(), request);
    }

    @ExceptionHandler(IdempotencyKeyInUseException.class)
    ResponseEntity<Object> handleIdempotencyKeyInUse(IdempotencyKeyInUseException ex, WebRequest request) {
        return problem(ex, HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_USE,
                "Idempotency key in use", ex.getMessage(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        return problem(ex, HttpStatus.INTERNAL_SERVER_ERROR, ProblemTypes.INTERNAL_ERROR, "Internal error",
                "The engine failed unexpectedly (correlation id " + correlationId(request) + ").", request);
    }

    // ---- building the documents ---------------------------------------------------------------

    private ResponseEntity<Object> businessRule(ErrorCode code, String message, WebRequest request) {
        HttpStatus status = switch (code.kind()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
        };
        URI type = code == ErrorCode.ALREADY_EXISTS ? ProblemTypes.ALREADY_EXISTS
                : ProblemTypes.of(code.name().toLowerCase().replace('_', '-'));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, message);
        problem.setType(type);
        problem.setTitle(titleOf(code));
        problem.setProperty("code", code.name());
        return handleExceptionInternal(new BusinessRuleException(code, message), problem, new HttpHeaders(), status,
                request);
    }

    private ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
        return problem(ex, HttpStatus.PAYLOAD_TOO_LARGE, ProblemTypes.PAYLOAD_TOO_LARGE, "Payload too large",
                ex.getMessage() + ".", request);
    }

    private ResponseEntity<Object> fieldProblems(List<FieldProblem> errors, HttpHeaders headers, WebRequest request) {
        List<FieldProblem> sorted = errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FieldProblem::message, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setType(ProblemTypes.INVALID_REQUEST);
        problem.setTitle("Invalid request");
        problem.setDetail(sorted.size() == 1
                ? "'" + sorted.get(0).field() + "' " + sorted.get(0).message() + "."
                : sorted.size() + " fields are invalid.");
        problem.setProperty("errors", sorted);
        return handleExceptionInternal(new IllegalArgumentException(problem.getDetail()), problem, headers,
                HttpStatus.BAD_REQUEST, request);
    }

    private ResponseEntity<Object> problem(Exception ex, HttpStatus status, URI type, String title, String detail,
                                           WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return handleExceptionInternal(ex, problem, new HttpHeaders(), status, request);
    }

    private static void complete(ProblemDetail problem, HttpStatusCode status) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(ProblemTypes.of(slugOf(status)));
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        if (problem.getTitle() == null) {
            problem.setTitle(known != null ? known.getReasonPhrase() : "Error");
        }
        if (problem.getDetail() == null) {
            problem.setDetail(known != null ? known.getReasonPhrase() + "." : "Error.");
        }
    }

    private static String slugOf(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? String.valueOf(status.value()) : known.name().toLowerCase().replace('_', '-');
    }

    private static String titleOf(ErrorCode code) {
        String words = code.name().toLowerCase().replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        MongoWriteException write = find(failure, MongoWriteException.class);
        return write != null && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    /** The JSON path of a mapping failure as a field name: {@code customer.name}, {@code participants[2]}. */
    static String jsonPath(JsonMappingException mapping) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(JsonMappingException mapping) {
        if (mapping instanceof ValueInstantiationException && mapping.getCause() != null
                && mapping.getCause().getMessage() != null) {
            return "is invalid: " + mapping.getCause().getMessage();
        }
        if (mapping instanceof InvalidFormatException format) {
            return describeExpected(format.getTargetType());
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return describeExpected(mismatch.getTargetType());
        }
        return "is invalid";
    }

    private static String describeExpected(@Nullable Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == LocalDate.class) {
            return "must be a date YYYY-MM-DD";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "must be an ISO-8601 instant, e.g. 2026-03-01T09:30:00Z";
        }
        if (type == Currency.class) {
            return "must be an ISO-4217 currency code";
        }
        if (type == UUID.class || isUuidId(type)) {
            return "must be a UUID";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        return "must be a " + type.getSimpleName();
    }

    private static boolean isUuidId(Class<?> type) {
        return type.isRecord() && type.getRecordComponents().length == 1
                && type.getRecordComponents()[0].getType() == UUID.class;
    }

    @Nullable
    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

    private static String correlationId(WebRequest request) {
        if (request instanceof NativeWebRequest nativeRequest) {
            HttpServletRequest servlet = nativeRequest.getNativeRequest(HttpServletRequest.class);
            if (servlet != null && servlet.getAttribute(RequestAttributes.CORRELATION_ID) != null) {
                return servlet.getAttribute(RequestAttributes.CORRELATION_ID).toString();
            }
        }
        return "unknown";
    }
}
