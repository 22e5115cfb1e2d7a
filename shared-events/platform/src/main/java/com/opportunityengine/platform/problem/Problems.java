package com.opportunityengine.platform.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.lang.Nullable;
import org.springframework.web.ErrorResponseException;

/**
 * The one place the engine makes its error answers: RFC 9457 {@code application/problem+json} documents
 * with {@code type} ({@value #TYPE_PREFIX}{@code <slug>}, one namespace for both sides), {@code title},
 * {@code status} and {@code detail}; field errors add {@code errors: [{field, message}]}, broken business
 * rules their {@code code}. Nothing else in the engine creates a {@link ProblemDetail} or writes a problem
 * body: {@link ProblemAdvice} answers what Spring MVC raises, the security filter chain writes its 401,
 * 403 and hidden 404 with {@link #write}, and controllers throw {@link #exception}s. So the same failure
 * looks the same whichever side, filter or controller answers it (docs/errors.md).
 */
public final class Problems {

    /** The namespace of every problem {@code type}. */
    public static final String TYPE_PREFIX = "urn:opportunity-engine:problem:";
    /** Problem properties as top-level members, as Spring MVC writes them. */
    private static final ObjectMapper JSON =
            new ObjectMapper().addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class);

    private Problems() {}

    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** A problem of the catalogue. */
    public static ProblemDetail of(ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        return problem;
    }

    /**
     * The problem for a status Spring MVC or the servlet container found (405, 415, 404 for an unknown
     * path, ...): the catalogue's type for that status, or else one named after the status itself.
     *
     * @param detail what to tell the caller; null for the status's own wording
     */
    public static ProblemDetail forStatus(HttpStatusCode status, @Nullable String detail) {
        ProblemType known = standingFor(status.value());
        if (known != null) {
            return of(known, detail != null ? detail : known.title() + ".");
        }
        HttpStatus resolved = HttpStatus.resolve(status.value());
        String words = resolved != null ? resolved.getReasonPhrase() : "Error " + status.value();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail != null ? detail : words + ".");
        problem.setType(type(resolved != null ? slug(resolved.name()) : String.valueOf(status.value())));
        problem.setTitle(sentence(words));
        return problem;
    }

    /** 400 {@code invalid-request}: the fields, parameters or headers in {@code errors}, in the order given. */
    public static ProblemDetail invalid(List<FieldProblem> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one field");
        }
        FieldProblem first = errors.get(0);
        ProblemDetail problem = of(
                ProblemType.INVALID_REQUEST,
                errors.size() == 1
                        ? "'" + first.field() + "' " + first.message() + "."
                        : errors.size() + " fields are invalid.");
        List<Map<String, String>> entries = new ArrayList<>();
        for (FieldProblem error : errors) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", error.field());
            entry.put("message", error.message());
            entries.add(entry);
        }
        problem.setProperty("errors", entries);
        return problem;
    }

    /** 400 {@code invalid-request} naming one field, parameter or header. */
    public static ProblemDetail invalid(String field, String message) {
        return invalid(List.of(new FieldProblem(field, message)));
    }

    /**
     * A broken business rule: the status of its code's kind (404, 400, 409, 403), the type and title named
     * after the code ({@code OPPORTUNITY_CLOSED} is {@code ...:opportunity-closed}, "Opportunity closed")
     * and the code itself as {@code code}.
     */
    public static ProblemDetail businessRule(ErrorCode code, @Nullable String message) {
        String title = sentence(code.name().replace('_', ' '));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                statusOf(code.kind()), message != null && !message.isBlank() ? message : title + ".");
        problem.setType(type(slug(code.name())));
        problem.setTitle(title);
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ProblemDetail businessRule(BusinessRuleException rule) {
        return businessRule(rule.code(), rule.getMessage());
    }

    /**
     * 404 for what does not exist or is hidden from the caller, worded as the command side's rules word it
     * ({@link BusinessRuleException#notFound}), so that an opportunity looks missing alike on both sides.
     */
    public static ProblemDetail notFound(ErrorCode code, Object id) {
        return businessRule(BusinessRuleException.notFound(code, id));
    }

    /** 500: a bug, answered without internals; the correlation id finds it in the log. */
    public static ProblemDetail internalError(String correlationId) {
        return of(ProblemType.INTERNAL_ERROR, "The engine failed unexpectedly (correlation id " + correlationId + ").");
    }

    /** 503 {@code store-unavailable}: the store failed the request (send it with {@code Retry-After}). */
    public static ProblemDetail storeUnavailable() {
        return of(
                ProblemType.STORE_UNAVAILABLE,
                "The store cannot be reached or did not take the write; nothing was changed. Retry later.");
    }

    /** 503 {@code view-behind}: a view has not applied {@code minVersion} yet (send it with {@code Retry-After}). */
    public static ProblemDetail viewBehind(String detail, long minVersion) {
        ProblemDetail problem = of(ProblemType.VIEW_BEHIND, detail);
        problem.setProperty("minVersion", minVersion);
        return problem;
    }

    /** The status of a business error code's kind. */
    public static HttpStatus statusOf(ErrorCode.Kind kind) {
        return switch (kind) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case INVALID -> HttpStatus.BAD_REQUEST;
            case CONFLICT -> HttpStatus.CONFLICT;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
    }

    /** What a controller throws to answer a problem; {@link ProblemAdvice} writes it as it is. */
    public static ErrorResponseException exception(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatusCode.valueOf(problem.getStatus()), problem, null);
    }

    /** As {@link #exception(ProblemDetail)}, with response headers (e.g. {@code Retry-After}). */
    public static ErrorResponseException exception(ProblemDetail problem, HttpHeaders headers) {
        ErrorResponseException exception = exception(problem);
        exception.getHeaders().putAll(headers);
        return exception;
    }

    /**
     * Writes the problem as the whole response, for what answers before Spring MVC (the security filter
     * chain), with {@code instance} = the request's path as Spring MVC sets it. A committed response is
     * left alone.
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), problem);
    }

    /**
     * The {@code instance} for a request path: the path as sent, or, when it is no valid URI (a stray {@code %},
     * a space: a request the container refused), null, leaving {@code instance} out.
     */
    @Nullable
    public static URI instance(@Nullable String path) {
        if (path == null || path.length() > 2048) {
            return null;
        }
        try {
            return new URI(path);
        } catch (java.net.URISyntaxException notAUri) {
            return null;
        }
    }

    /** Whether a problem was made here (its type is in the engine's namespace). */
    static boolean isOurs(ProblemDetail problem) {
        return problem.getType() != null && problem.getType().toString().startsWith(TYPE_PREFIX);
    }

    /** The catalogue's problem that stands for a bare status, if any. */
    @Nullable
    private static ProblemType standingFor(int status) {
        return switch (status) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 401 -> ProblemType.UNAUTHORIZED;
            case 403 -> ProblemType.FORBIDDEN;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 409 -> ProblemType.CONFLICT;
            case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 500 -> ProblemType.INTERNAL_ERROR;
            default -> null;
        };
    }

    private static String slug(String constant) {
        return constant.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String sentence(String words) {
        String lower = words.toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
