package com.opportunityengine.platform.problem;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;

/**
 * What the one advice answers, for both sides alike: every parameter Spring could not bind or that broke a
 * constraint is a 400 {@code invalid-request} naming it in {@code errors[].field} (whichever of Spring's
 * five ways reported it), and every other failure has its problem of the catalogue, made by {@link Problems}.
 */
class ProblemAdviceTest {

    record Body(@NotBlank String name) {}

    static class Escaped extends RuntimeException {}

    @RestController
    static class Probe {

        private final Validator validator =
                Validation.buildDefaultValidatorFactory().getValidator();

        @GetMapping("/typed")
        String typed(
                @RequestParam(name = "size", required = false) Integer size,
                @RequestParam(name = "at", required = false) Instant at) {
            return "ok";
        }

        @GetMapping("/typed/{id}")
        String path(@PathVariable("id") UUID id) {
            return "ok";
        }

        @GetMapping("/required")
        String required(@RequestParam("owner") String owner) {
            return "ok";
        }

        @GetMapping("/bounded")
        String bounded(@RequestParam(name = "page") @Min(0) @Max(10) int page) {
            return "ok";
        }

        /** What a hand-called converter raises: Spring names no parameter. */
        @GetMapping("/converted")
        String converted(@RequestParam("customerId") String customerId) {
            return DefaultConversionService.getSharedInstance()
                    .convert(customerId, UUID.class)
                    .toString();
        }

        /** What a {@code @Validated} service raises. */
        @GetMapping("/service")
        String service(@RequestParam("limit") int limit) {
            var violations = validator.forExecutables().validateParameters(this, serviceMethod(), new Object[] {limit});
            throw new ConstraintViolationException(violations);
        }

        void limited(@Min(1) int limit) {}

        private static java.lang.reflect.Method serviceMethod() {
            try {
                return Probe.class.getDeclaredMethod("limited", int.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }

        @PostMapping(path = "/body", consumes = MediaType.APPLICATION_JSON_VALUE)
        String body(@jakarta.validation.Valid @RequestBody Body body) {
            return "ok";
        }

        @GetMapping("/rule")
        String rule() {
            throw new BusinessRuleException(ErrorCode.OPPORTUNITY_CLOSED, "opportunity 1 is lost");
        }

        @GetMapping("/denied")
        String denied() {
            throw new AccessDeniedException("no");
        }

        @GetMapping("/carried")
        String carried() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "3");
            throw Problems.exception(Problems.viewBehind("not yet", 7), headers);
        }

        @GetMapping("/invalid-input")
        String invalidInput() {
            throw new InvalidInputException("If-Match", "must be one version");
        }

        @GetMapping("/escaped")
        String escaped() {
            throw new Escaped();
        }

        @GetMapping("/timeout")
        String timeout() throws AsyncRequestTimeoutException {
            throw new AsyncRequestTimeoutException();
        }

        @GetMapping("/bug")
        String bug() {
            throw new IllegalStateException("secret internals");
        }
    }

    private final ProblemTranslator escapedIsAConflict = exception -> exception instanceof Escaped
            ? Optional.of(Problems.of(ProblemType.CONFLICT, "translated"))
            : Optional.empty();

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Probe())
            .setControllerAdvice(new ProblemAdvice(List.of(escapedIsAConflict)))
            .setValidator(validator())
            .build();

    private static LocalValidatorFactoryBean validator() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return validator;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/typed?size=lots, size, MethodArgumentTypeMismatchException",
        "/typed?at=yesterday, at, MethodArgumentTypeMismatchException",
        "/typed/not-a-uuid, id, MethodArgumentTypeMismatchException (path)",
        "/required, owner, MissingServletRequestParameterException",
        "/bounded?page=11, page, HandlerMethodValidationException",
        "/converted?customerId=acme, customerId, ConversionFailedException",
        "/service?limit=0, limit, ConstraintViolationException"
    })
    void everyUnboundOrInvalidParameterIsAnInvalidRequestNamingIt(String path, String field, String how)
            throws Exception {
        mvc.perform(get(path))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:invalid-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(containsString("'" + field + "'")))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value(field))
                .andExpect(jsonPath("$.errors[0].message").isNotEmpty());
    }

    @Test
    void aBodyFieldIsNamedAsInTheJson() throws Exception {
        mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \" \"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:invalid-request"))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:malformed-json"));
        mvc.perform(post("/body").contentType(MediaType.APPLICATION_JSON).content("{\"name\": [1]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void protocolErrorsHaveTheirTypes() throws Exception {
        mvc.perform(post("/body").contentType(MediaType.TEXT_PLAIN).content("x"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:unsupported-media-type"))
                .andExpect(jsonPath("$.title").value("Unsupported media type"));
        mvc.perform(post("/typed"))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().exists(HttpHeaders.ALLOW))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:method-not-allowed"))
                .andExpect(jsonPath("$.title").value("Method not allowed"));
    }

    @Test
    void theEnginesOwnFailures() throws Exception {
        mvc.perform(get("/rule"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:opportunity-closed"))
                .andExpect(jsonPath("$.title").value("Opportunity closed"))
                .andExpect(jsonPath("$.code").value("OPPORTUNITY_CLOSED"))
                .andExpect(jsonPath("$.detail").value("opportunity 1 is lost"));
        mvc.perform(get("/denied"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:forbidden"));
        mvc.perform(get("/invalid-input"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
    }

    @Test
    void aCarriedProblemIsAnsweredAsItIsWithItsHeaders() throws Exception {
        mvc.perform(get("/carried"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string(HttpHeaders.RETRY_AFTER, "3"))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:view-behind"))
                .andExpect(jsonPath("$.minVersion").value(7))
                .andExpect(jsonPath("$.instance").value("/carried"));
    }

    @Test
    void aSidesTranslatorIsAskedBeforeTheFiveHundred() throws Exception {
        mvc.perform(get("/escaped"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value("translated"));
    }

    @Test
    void aBugIsAFiveHundredWithoutInternals() throws Exception {
        mvc.perform(get("/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:internal-error"))
                .andExpect(jsonPath("$.detail").value(not(containsString("secret"))));
    }

    /** A 5xx Spring itself raises keeps its status in the body; only a 500 is an internal error. */
    @Test
    void aSpringFiveHundredAndThreeStaysOne() throws Exception {
        mvc.perform(get("/timeout"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.status").value(503))
                .andExpect(jsonPath("$.type").value("urn:opportunity-engine:problem:service-unavailable"))
                .andExpect(jsonPath("$.title").value("Service unavailable"));
    }

    @Test
    void aNotFoundCodeIsWordedOnce() {
        ProblemDetail problem = Problems.notFound(ErrorCode.OPPORTUNITY_NOT_FOUND, "42");

        org.assertj.core.api.Assertions.assertThat(problem.getStatus()).isEqualTo(404);
        org.assertj.core.api.Assertions.assertThat(problem.getType())
                .hasToString("urn:opportunity-engine:problem:opportunity-not-found");
        org.assertj.core.api.Assertions.assertThat(problem.getTitle()).isEqualTo("Opportunity not found");
        org.assertj.core.api.Assertions.assertThat(problem.getDetail()).isEqualTo("there is no opportunity 42");
        org.assertj.core.api.Assertions.assertThat(problem.getProperties())
                .containsEntry("code", "OPPORTUNITY_NOT_FOUND");
        org.assertj.core.api.Assertions.assertThat(
                        Problems.statusOf(ErrorCode.Kind.FORBIDDEN).value())
                .isEqualTo(403);
    }
}
