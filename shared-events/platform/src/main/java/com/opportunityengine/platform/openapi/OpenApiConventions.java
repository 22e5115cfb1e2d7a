package com.opportunityengine.platform.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

/**
 * What the engine's API does the same way everywhere, declared on every operation so that a generated client can rely
 * on it: each error status an operation can answer is {@code application/problem+json} with the one {@code Problem}
 * schema (400, 401 and 403 everywhere under {@code /api}; 404 with an id in the path; 409 on writes; 412 where
 * {@code If-Match} applies; 413 with a body; 503 with {@code Retry-After}); the request headers
 * ({@code X-Correlation-Id}, {@code Idempotency-Key} on writes, {@code If-Match}) and response headers
 * ({@code X-Correlation-Id}, {@code ETag}, {@code Location}) are declared; {@code operationId}s are derived from the
 * method and path ({@code GET /api/opportunities/{id}/timeline} is {@code getOpportunitiesTimeline}) and every
 * operation is tagged by its feature; a property that is not required may be null.
 */
final class OpenApiConventions implements GlobalOpenApiCustomizer {

    private static final Pattern UUID_IDS = Pattern.compile("^/api/(audit/)?(opportunities|customers|deals)/\\{id}.*");
    private static final Pattern VERSIONED = Pattern.compile("^/api/(opportunities|customers|deals)/\\{[^}]+}.*");
    /** Commands answer the aggregate's version in ETag. */
    private static final Pattern VERSIONED_OR_CREATED = Pattern.compile("^/api/(opportunities|customers|deals)(/.*)?$");

    static String ref(String schema) {
        return "#/components/schemas/" + schema;
    }

    @Override
    public void customise(OpenAPI api) {
        Components components = api.getComponents();
        if (components.getSchemas() != null) {
            components.getSchemas().remove("ProblemDetail");
        }
        components.addSchemas("Money", money());
        components.addSchemas("FieldProblem", fieldProblem());
        components.addSchemas("Problem", problem());
        components.addSchemas("LogLine", logLine());
        components.addHeaders("X-Correlation-Id", header("The request's correlation id (the one sent, or a new UUID)"));
        components.addHeaders("ETag", header("The version of the aggregate or view, quoted: \"<version>\""));
        components.addHeaders("Location", header("Where the created or started thing is read"));
        components.addHeaders(
                "Retry-After",
                new Header().description("Seconds to wait before trying again").schema(new IntegerSchema()));
        components.addParameters(
                "X-Correlation-Id",
                headerParameter(
                        "X-Correlation-Id",
                        "Up to 128 of [A-Za-z0-9._:-]; recorded on every event the request appends"));
        components.addParameters(
                "Idempotency-Key",
                headerParameter(
                        "Idempotency-Key", "A retry with the same key and body answers the first answer once more"));
        components.addParameters(
                "If-Match",
                headerParameter(
                        "If-Match",
                        "The version the change is meant for (\"3\" or 3): 412 when it is not the current one"));
        Set<String> operationIds = new HashSet<>();
        if (api.getPaths() != null) {
            // the container's error page is not an endpoint of the API
            api.getPaths().keySet().removeIf(path -> !path.startsWith("/api/"));
            api.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> conventions(path, method, operation, operationIds)));
        }
        if (components.getSchemas() != null) {
            components.getSchemas().forEach((name, schema) -> {
                enums(name, schema);
                nullableWhereOptional(schema);
            });
        }
    }

    private static void conventions(
            String path, PathItem.HttpMethod method, Operation operation, Set<String> operationIds) {
        String id = operationId(method, path);
        if (!operationIds.add(id)) {
            throw new IllegalStateException(
                    "two operations would be named " + id + "; the second is " + method + " " + path);
        }
        operation.setOperationId(id);
        operation.setTags(List.of(tag(path)));
        // the unsubscribe link is the recipient's and takes no key (docs/email.md)
        boolean api = path.startsWith("/api/") && !path.startsWith("/api/email/unsubscribe");
        boolean write = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
        boolean versioned = write && VERSIONED.matcher(path).matches();
        List<Parameter> parameters = new ArrayList<>();
        parameters.add(new Parameter().$ref("#/components/parameters/X-Correlation-Id"));
        if (write) {
            parameters.add(new Parameter().$ref("#/components/parameters/Idempotency-Key"));
        }
        if (versioned) {
            parameters.add(new Parameter().$ref("#/components/parameters/If-Match"));
        }
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(p -> p.getName() == null || !isDeclaredHeader(p.getName()))
                    .forEach(parameter -> {
                        if ("path".equals(parameter.getIn())
                                && UUID_IDS.matcher(path).matches()
                                && (parameter.getName().equals("id")
                                        || parameter.getName().equals("taskId"))) {
                            // an opportunity's, customer's, deal's or task's id is a UUID on both sides
                            parameter.setSchema(new UUIDSchema());
                        }
                        if ("query".equals(parameter.getIn())) {
                            typedQueryParameter(path, parameter);
                        }
                        parameters.add(parameter);
                    });
        }
        operation.setParameters(parameters);

        ApiResponses declared = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        ApiResponses responses = new ApiResponses();
        declared.forEach((status, response) -> {
            if (status.startsWith("2") || status.startsWith("3")) {
                responses.addApiResponse(status, success(status, response, write, path));
            }
        });
        if (responses.isEmpty()) {
            responses.addApiResponse("200", new ApiResponse().description("OK"));
        }
        Map<String, String> problems = new LinkedHashMap<>();
        problems.put("400", "Malformed or invalid input: the fields are named in errors");
        if (api) {
            problems.put("401", "No valid API key (WWW-Authenticate: Bearer)");
            problems.put("403", "The key's role may not do this");
        }
        if (path.contains("{")) {
            problems.put("404", "Nothing under that id, or nothing the caller may see");
        }
        if (write) {
            problems.put("409", "Breaks a business rule for the current state (code names it), or a repeat in flight");
        }
        if (versioned) {
            problems.put("412", "If-Match does not name the current version");
        }
        if (operation.getRequestBody() != null) {
            problems.put("413", "The body is larger than the limit");
        }
        problems.put("503", "The store is unavailable, or a view has not caught up yet; retry after Retry-After");
        problems.forEach((status, description) -> {
            ApiResponse was = declared.get(status);
            ApiResponse problem = new ApiResponse()
                    .description(was != null && was.getDescription() != null ? was.getDescription() : description)
                    .content(new Content()
                            .addMediaType(
                                    "application/problem+json",
                                    new MediaType().schema(new Schema<>().$ref(ref("Problem")))))
                    .addHeaderObject("X-Correlation-Id", headerRef("X-Correlation-Id"));
            if (status.equals("503")) {
                problem.addHeaderObject("Retry-After", headerRef("Retry-After"));
            }
            responses.addApiResponse(status, problem);
        });
        operation.setResponses(responses);
    }

    private static ApiResponse success(String status, ApiResponse response, boolean write, String path) {
        if (response.getContent() != null) {
            Content content = new Content();
            response.getContent().forEach((type, media) -> {
                String declared = type.equals("*/*") ? "application/json" : type;
                if (path.equals("/api/audit/events") && media.getSchema() != null) {
                    // the NDJSON export: a stream of lines, each one AuditedEvent; a client reads it line by line
                    content.addMediaType(
                            "application/x-ndjson",
                            new MediaType()
                                    .schema(new StringSchema()
                                            .format("binary")
                                            .description("one LogLine (components/schemas/LogLine) per line, in log"
                                                    + " order")));
                } else {
                    content.addMediaType(declared, media);
                }
            });
            response.setContent(content);
        }
        response.addHeaderObject("X-Correlation-Id", headerRef("X-Correlation-Id"));
        if (status.equals("201") || status.equals("202")) {
            response.addHeaderObject("Location", headerRef("Location"));
        }
        if ((write && VERSIONED_OR_CREATED.matcher(path).matches()) || status.equals("201")) {
            response.addHeaderObject("ETag", headerRef("ETag"));
        }
        return response;
    }

    /** Query parameters the controllers read as text but the API fixes: booleans, dates, instants. */
    private static void typedQueryParameter(String path, Parameter parameter) {
        String name = parameter.getName();
        if (name.equals("overdue") || name.equals("details")) {
            parameter.setSchema(new io.swagger.v3.oas.models.media.BooleanSchema());
        } else if (path.equals("/api/funnel") && (name.equals("from") || name.equals("to"))) {
            parameter.setSchema(new io.swagger.v3.oas.models.media.DateSchema());
        } else if (name.equals("asOf") || name.equals("knownAt")) {
            parameter.setSchema(new io.swagger.v3.oas.models.media.DateTimeSchema());
        }
    }

    private static boolean isDeclaredHeader(String name) {
        return name.equalsIgnoreCase("X-Correlation-Id")
                || name.equalsIgnoreCase("Idempotency-Key")
                || name.equalsIgnoreCase("If-Match");
    }

    /** {@code GET /api/opportunities/{id}/timeline} → {@code getOpportunitiesTimeline}; a trailing id adds ById. */
    static String operationId(PathItem.HttpMethod method, String path) {
        StringBuilder name = new StringBuilder(method.name().toLowerCase(Locale.ROOT));
        String[] segments = path.replaceFirst("^/", "").split("/");
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (i == 0 && segment.equals("api")) {
                continue;
            }
            if (segment.startsWith("{")) {
                if (i == segments.length - 1) {
                    name.append("ById");
                }
                continue;
            }
            name.append(pascal(segment));
        }
        return name.toString();
    }

    /** The feature: the first segment after {@code /api} ({@code admin} with the next one). */
    static String tag(String path) {
        String[] segments = path.replaceFirst("^/", "").split("/");
        if (segments.length > 1 && segments[0].equals("api")) {
            if (segments[1].equals("admin") && segments.length > 2) {
                return "admin-" + segments[2];
            }
            return segments[1];
        }
        return segments[0];
    }

    private static String pascal(String segment) {
        StringBuilder out = new StringBuilder();
        for (String word : segment.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
            }
        }
        return out.toString();
    }

    @SuppressWarnings("rawtypes")
    private static void nullableWhereOptional(Schema<?> schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        properties.forEach((name, property) -> {
            if (UUID_FIELDS.contains(name)) {
                uuid(property);
            }
            if (!required.contains(name) && property.get$ref() == null) {
                property.setNullable(true);
            }
        });
    }

    private static final List<String> ROLES = java.util.Arrays.stream(com.opportunityengine.security.Role.values())
            .map(Enum::name)
            .toList();
    private static final List<String> STRATEGIES = List.of("ROUND_ROBIN", "LEAST_LOADED");
    private static final List<String> JOB_STATUSES = List.of("RUNNING", "DONE", "FAILED");

    /**
     * The values the API fixes where the Java type is a plain string (schema.property, or property in every schema):
     * declared as enums so that a generated client gets them as types.
     */
    private static final Map<String, List<String>> ENUMS = Map.ofEntries(
            Map.entry("roles", ROLES),
            Map.entry("strategy", STRATEGIES),
            Map.entry("HandOverJob.status", JOB_STATUSES),
            Map.entry("ImportStatus.status", JOB_STATUSES),
            Map.entry("Move.outcome", List.of("MOVED", "SKIPPED", "NO_CANDIDATE")),
            Map.entry("DetailRow.outcome", List.of("WON", "LOST")),
            Map.entry("TaskView.type", List.of("CALL", "EMAIL", "MEETING", "TODO")),
            Map.entry("ProjectionStatus.status", List.of("running", "replaying", "error", "stopped")),
            Map.entry("EmailView.status", List.of("REQUESTED", "SENT", "FAILED", "SUPPRESSED", "UNKNOWN")));

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void enums(String schemaName, Schema<?> schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        properties.forEach((name, property) -> {
            List<String> values = ENUMS.getOrDefault(schemaName + "." + name, ENUMS.get(name));
            if (values == null || property.get$ref() != null) {
                return;
            }
            Schema target = property.getItems() != null ? property.getItems() : property;
            if ("string".equals(target.getType()) && target.getEnum() == null) {
                target.setEnum(new ArrayList<>(values));
            }
        });
    }

    /** Fields that hold an opportunity's, customer's, deal's, task's or contact's id on either side: UUIDs. */
    private static final Set<String> UUID_FIELDS = Set.of(
            "opportunityId",
            "customerId",
            "dealId",
            "taskId",
            "contactId",
            "documentId",
            "templateId",
            "sequenceId",
            "relatedOpportunityIds",
            "opportunityIds",
            "movedTaskIds");

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void uuid(Schema property) {
        Schema target = property.getItems() != null ? property.getItems() : property;
        if ("string".equals(target.getType()) && target.getFormat() == null && target.get$ref() == null) {
            target.setFormat("uuid");
        }
    }

    private static Schema<?> money() {
        return new ObjectSchema()
                .description(
                        "An amount in one ISO-4217 currency; the value is a non-negative decimal string (numbers are"
                                + " accepted on input)")
                .addProperty(
                        "value", new StringSchema().pattern("^\\d+(\\.\\d+)?$").example("125000.00"))
                .addProperty(
                        "currency", new StringSchema().pattern("^[A-Z]{3}$").example("CNY"))
                .required(List.of("value", "currency"));
    }

    /** A line of the NDJSON export {@code GET /api/audit/events}: the event exactly as stored, its hash chained. */
    private static Schema<?> logLine() {
        return new ObjectSchema()
                .description("One event of the log as stored: the payload and metadata are the stored JSON text, which"
                        + " the hash covers")
                .addProperty("position", new IntegerSchema().format("int64"))
                .addProperty("aggregateId", new StringSchema())
                .addProperty("aggregateType", new StringSchema())
                .addProperty("sequence", new IntegerSchema().format("int64"))
                .addProperty("eventId", new StringSchema())
                .addProperty("timestamp", new StringSchema().format("date-time"))
                .addProperty("payloadType", new StringSchema())
                .addProperty("payloadRevision", new StringSchema().nullable(true))
                .addProperty("payload", new StringSchema())
                .addProperty("metaData", new StringSchema())
                .addProperty("previousHash", new StringSchema())
                .addProperty("hash", new StringSchema())
                .addProperty(
                        "hashScheme",
                        new StringSchema()
                                .description("hmac-sha256 on an event of the keyed chain; absent: plain SHA-256"))
                .addProperty("hashKeyId", new StringSchema().description("the id of the chain key of a keyed event"))
                .required(List.of("position", "aggregateId", "sequence", "eventId", "payloadType", "payload", "hash"));
    }

    private static Schema<?> fieldProblem() {
        return new ObjectSchema()
                .description("One refused field: its path in the request (body, query or header) and why")
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema())
                .required(List.of("field", "message"));
    }

    private static Schema<?> problem() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, with the engine's business code and the refused fields")
                .addProperty("type", new StringSchema().format("uri"))
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri-reference"))
                .addProperty(
                        "code", new StringSchema().description("the business rule broken, e.g. OPPORTUNITY_CLOSED"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref(ref("FieldProblem"))))
                .addProperty("minVersion", new IntegerSchema().format("int64"))
                .required(List.of("type", "title", "status"));
    }

    private static Header header(String description) {
        return new Header().description(description).schema(new StringSchema());
    }

    private static Header headerRef(String name) {
        return new Header().$ref("#/components/headers/" + name);
    }

    private static Parameter headerParameter(String name, String description) {
        return new Parameter()
                .in("header")
                .name(name)
                .required(false)
                .description(description)
                .schema(new StringSchema());
    }
}
