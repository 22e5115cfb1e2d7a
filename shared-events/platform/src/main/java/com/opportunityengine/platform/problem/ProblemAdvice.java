package com.opportunityengine.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.platform.MetaDataKeys;
import com.opportunityengine.platform.input.RefusedInputException;
import com.opportunityengine.store.StoreFaults;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.lang.annotation.Annotation;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one {@code @RestControllerAdvice} of every app (command side, query side, standalone engine): it
 * builds every error answer of Spring MVC, through {@link Problems}. What both sides raise is mapped here:
 * validation, unconvertible or missing parameters and headers (400 {@code invalid-request} naming them in
 * {@code errors[].field}), malformed JSON, 401, 403, 404, 405, 415, broken business rules, a body over the
 * limit, and anything unexpected (500 without internals, logged with the correlation id). What only one
 * side raises is mapped by that side's {@link ProblemTranslator}s, asked before the 500. An exception that
 * carries its problem ({@link Problems#exception}) is answered as it is, with its headers.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    /** The MDC key under which the command side's correlation filter keeps the request's correlation id. */
    /** The MDC key the command side's correlation filter sets (the metadata key of the same name). */
    static final String CORRELATION_ID = MetaDataKeys.CORRELATION_ID;

    /** How long a client is told to wait before it sends a request the store failed again. */
    static final int STORE_RETRY_AFTER_SECONDS = 5;

    private final List<ProblemTranslator> translators;

    @Autowired
    ProblemAdvice(ObjectProvider<ProblemTranslator> translators) {
        this(translators.orderedStream().toList());
    }

    /** With these translators (a test's standalone MockMvc; an app gets its translator beans). */
    public ProblemAdvice(List<ProblemTranslator> translators) {
        this.translators = List.copyOf(translators);
    }

    // ---- what Spring MVC detects --------------------------------------------------------------------

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
        }
        for (ObjectError error : ex.getBindingResult().getGlobalErrors()) {
            errors.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage()));
        }
        return answer(ex, Problems.invalid(sorted(errors)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> {
            if (result instanceof ParameterErrors bound && bound.hasFieldErrors()) {
                bound.getFieldErrors()
                        .forEach(error -> errors.add(new FieldProblem(error.getField(), error.getDefaultMessage())));
                return;
            }
            String name = parameterName(
                    result.getMethodParameter().getParameterName(),
                    result.getMethodParameter().getParameterAnnotations());
            for (MessageSourceResolvable error : result.getResolvableErrors()) {
                errors.add(new FieldProblem(name, error.getDefaultMessage()));
            }
        });
        if (errors.isEmpty()) {
            errors.add(new FieldProblem("request", "is invalid"));
        }
        return answer(ex, Problems.invalid(sorted(errors)), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : ex.getPropertyName();
        return answer(ex, Problems.invalid(name, describeExpected(ex.getRequiredType())), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return answer(ex, Problems.invalid(ex.getParameterName(), "is required"), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            MissingServletRequestPartException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(ex, Problems.invalid(ex.getRequestPartName(), "is required"), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return answer(ex, Problems.invalid(missing.getHeaderName(), "is required"), headers, request);
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = find(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return payloadTooLarge(tooLarge, request);
        }
        JsonMappingException mapping = find(ex, JsonMappingException.class);
        if (mapping != null && !mapping.getPath().isEmpty()) {
            return answer(ex, Problems.invalid(jsonPath(mapping), describe(mapping)), headers, request);
        }
        String detail = find(ex, JsonProcessingException.class) != null
                ? "The request body is not well-formed JSON of the expected shape."
                : "A JSON request body is required.";
        return answer(ex, Problems.of(ProblemType.MALFORMED_JSON, detail), headers, request);
    }

    /**
     * Every answer ends here: a body Spring made (an {@link ErrorResponse}'s, or none) is made again through
     * {@link Problems} from its status, keeping its detail but never a 5xx's; a 5xx is logged.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse response) {
            body = response.getBody();
        }
        if (body == null || body instanceof ProblemDetail spring && !Problems.isOurs(spring)) {
            body = remade((ProblemDetail) body, statusCode);
        }
        if (statusCode.is5xxServerError()) {
            log.error(
                    "{} answered with {} (correlation id {})",
                    ex.getClass().getName(),
                    statusCode.value(),
                    correlationId(),
                    ex);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    // ---- what the engine raises -------------------------------------------------------------------------

    /**
     * Everything Spring MVC does not map itself: the sides' own exceptions (through their translators),
     * broken business rules, the shared exceptions of this package, Bean Validation's method validation,
     * conversions, Spring Security's refusals; else 500.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleEngineException(Exception ex, WebRequest request) {
        if (StoreFaults.isStoreFault(ex)) {
            // the store's failure, not the request's: the same request may succeed once the store is back
            log.warn("The store failed a request: {}", ex.toString());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(STORE_RETRY_AFTER_SECONDS));
            return answer(ex, Problems.storeUnavailable(), headers, request);
        }
        for (ProblemTranslator translator : translators) {
            Optional<ProblemDetail> problem = translator.translate(ex);
            if (problem.isPresent()) {
                return answer(ex, problem.get(), new HttpHeaders(), request);
            }
        }
        if (ex instanceof BusinessRuleException rule) {
            return answer(ex, Problems.businessRule(rule), new HttpHeaders(), request);
        }
        if (ex instanceof InvalidInputException invalid) {
            return answer(ex, Problems.invalid(invalid.field(), invalid.getMessage()), new HttpHeaders(), request);
        }
        if (ex instanceof PayloadTooLargeException tooLarge) {
            return payloadTooLarge(tooLarge, request);
        }
        if (ex instanceof ConstraintViolationException violations) {
            return answer(ex, Problems.invalid(violations(violations)), new HttpHeaders(), request);
        }
        if (ex instanceof ConversionFailedException conversion) {
            String name = parameterHolding(conversion.getValue(), request);
            return answer(
                    ex,
                    Problems.invalid(
                            name, describeExpected(conversion.getTargetType().getType())),
                    new HttpHeaders(),
                    request);
        }
        if (ex instanceof AccessDeniedException) {
            return answer(
                    ex,
                    Problems.of(ProblemType.FORBIDDEN, "Your roles do not allow this request."),
                    new HttpHeaders(),
                    request);
        }
        if (ex instanceof AuthenticationException) {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return answer(
                    ex,
                    Problems.of(ProblemType.UNAUTHORIZED, "A valid API key is required: Authorization: Bearer <key>."),
                    headers,
                    request);
        }
        if (ex instanceof MultipartException) {
            return answer(
                    ex,
                    Problems.of(
                            ProblemType.INVALID_REQUEST,
                            "The multipart body is malformed (its boundary, a part's headers or its end)."),
                    new HttpHeaders(),
                    request);
        }
        return answer(ex, Problems.internalError(correlationId()), new HttpHeaders(), request);
    }

    // ---- building the answers -----------------------------------------------------------------------------

    /** A problem Spring made, made again in the engine's shape: a 500 says only the correlation id. */
    private static ProblemDetail remade(@Nullable ProblemDetail spring, HttpStatusCode status) {
        if (status.value() == 500) {
            return Problems.internalError(correlationId());
        }
        return Problems.forStatus(status, spring == null || status.is5xxServerError() ? null : spring.getDetail());
    }

    private ResponseEntity<Object> answer(
            Exception ex, ProblemDetail problem, HttpHeaders headers, WebRequest request) {
        return handleExceptionInternal(ex, problem, headers, HttpStatusCode.valueOf(problem.getStatus()), request);
    }

    private ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
        return answer(
                ex, Problems.of(ProblemType.PAYLOAD_TOO_LARGE, ex.getMessage() + "."), new HttpHeaders(), request);
    }

    /** Bean Validation reports in no stable order: the answer lists the fields sorted. */
    private static List<FieldProblem> sorted(List<FieldProblem> errors) {
        return errors.stream()
                .sorted(Comparator.comparing(FieldProblem::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FieldProblem::message, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** A method validation's violations, each named by its parameter (the last node of the path). */
    private static List<FieldProblem> violations(ConstraintViolationException ex) {
        List<FieldProblem> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
            String name = null;
            for (Path.Node node : violation.getPropertyPath()) {
                name = node.getName();
            }
            errors.add(new FieldProblem(name == null ? "request" : name, violation.getMessage()));
        }
        if (errors.isEmpty()) {
            errors.add(new FieldProblem("request", "is invalid"));
        }
        return sorted(errors);
    }

    /** The name a parameter is bound under ({@code @RequestParam("x")}'s, a path variable's, a header's), else its Java name. */
    private static String parameterName(@Nullable String javaName, Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            String bound = "";
            if (annotation instanceof RequestParam param) {
                bound = param.name().isEmpty() ? param.value() : param.name();
            } else if (annotation instanceof PathVariable variable) {
                bound = variable.name().isEmpty() ? variable.value() : variable.name();
            } else if (annotation instanceof RequestHeader header) {
                bound = header.name().isEmpty() ? header.value() : header.name();
            }
            if (!bound.isEmpty()) {
                return bound;
            }
        }
        return javaName == null ? "request" : javaName;
    }

    /**
     * The request parameter or path variable whose value failed to convert: a {@link ConversionFailedException}
     * names no parameter (Spring wraps it in a named {@code MethodArgumentTypeMismatchException} when it
     * binds a parameter itself), so it is the one holding that value.
     */
    private static String parameterHolding(@Nullable Object value, WebRequest request) {
        String text = value == null ? null : String.valueOf(value);
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            if (Arrays.asList(parameter.getValue()).contains(text)) {
                return parameter.getKey();
            }
        }
        Object variables =
                request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, WebRequest.SCOPE_REQUEST);
        if (variables instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> variable : map.entrySet()) {
                if (Objects.equals(String.valueOf(variable.getValue()), text)) {
                    return String.valueOf(variable.getKey());
                }
            }
        }
        return "request";
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
        if (mapping instanceof RefusedInputException refused) {
            return refused.reason();
        }
        if (mapping instanceof ValueInstantiationException
                && mapping.getCause() != null
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

    /** What a value of this type looks like, as the message of a field it could not be converted to. */
    static String describeExpected(@Nullable Class<?> type) {
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
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
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
        return type.isRecord()
                && type.getRecordComponents().length == 1
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

    private static String correlationId() {
        String correlationId = MDC.get(CORRELATION_ID);
        return correlationId != null ? correlationId : "unknown";
    }
}
