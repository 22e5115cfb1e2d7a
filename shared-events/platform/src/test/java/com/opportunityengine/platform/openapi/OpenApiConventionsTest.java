package com.opportunityengine.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiConventionsTest {

    @Test
    void operationIdsAndTagsComeFromTheMethodAndPath() {
        assertThat(OpenApiConventions.operationId(PathItem.HttpMethod.GET, "/api/opportunities/{id}/timeline"))
                .isEqualTo("getOpportunitiesTimeline");
        assertThat(OpenApiConventions.operationId(PathItem.HttpMethod.GET, "/api/opportunities/{id}"))
                .isEqualTo("getOpportunitiesById");
        assertThat(OpenApiConventions.operationId(PathItem.HttpMethod.POST, "/api/win-probability/backtest"))
                .isEqualTo("postWinProbabilityBacktest");
        assertThat(OpenApiConventions.tag("/api/admin/users/{userId}/api-keys")).isEqualTo("admin-users");
        assertThat(OpenApiConventions.tag("/api/opportunities/{id}/stage")).isEqualTo("opportunities");
    }

    @Test
    void aWriteOnAnOpportunityDeclaresItsHeadersAndEveryProblemItCanAnswer() {
        Operation stage = new Operation()
                .requestBody(new RequestBody())
                .responses(new ApiResponses()
                        .addApiResponse(
                                "200",
                                new ApiResponse()
                                        .description("moved")
                                        .content(new Content().addMediaType("*/*", new MediaType())))
                        .addApiResponse(
                                "409",
                                new ApiResponse()
                                        .description("closed")
                                        .content(new Content().addMediaType("*/*", new MediaType()))));
        OpenAPI api = new OpenAPI()
                .components(new Components()
                        .addSchemas(
                                "Request",
                                new ObjectSchema()
                                        .addProperty("stage", new StringSchema())
                                        .addProperty("reason", new StringSchema())
                                        .required(List.of("stage"))))
                .paths(new Paths()
                        .addPathItem("/api/opportunities/{id}/stage", new PathItem().post(stage))
                        .addPathItem("/error", new PathItem().get(new Operation())));

        new OpenApiConventions().customise(api);

        assertThat(api.getPaths()).containsOnlyKeys("/api/opportunities/{id}/stage");
        assertThat(stage.getOperationId()).isEqualTo("postOpportunitiesStage");
        assertThat(stage.getParameters())
                .extracting(p -> p.get$ref())
                .containsExactly(
                        "#/components/parameters/X-Correlation-Id",
                        "#/components/parameters/Idempotency-Key",
                        "#/components/parameters/If-Match");
        assertThat(stage.getResponses())
                .containsOnlyKeys("200", "400", "401", "403", "404", "409", "412", "413", "503");
        assertThat(stage.getResponses().get("200").getContent()).containsOnlyKeys("application/json");
        assertThat(stage.getResponses().get("200").getHeaders()).containsKeys("ETag", "X-Correlation-Id");
        ApiResponse closed = stage.getResponses().get("409");
        assertThat(closed.getDescription()).isEqualTo("closed");
        assertThat(closed.getContent()
                        .get("application/problem+json")
                        .getSchema()
                        .get$ref())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(stage.getResponses().get("503").getHeaders()).containsKey("Retry-After");
        Schema<?> request = api.getComponents().getSchemas().get("Request");
        assertThat(request.getProperties().get("reason").getNullable()).isTrue();
        assertThat(request.getProperties().get("stage").getNullable()).isNull();
        assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "FieldProblem", "Money", "LogLine");
    }

    @Test
    void twoOperationsThatWouldShareANameAreRefused() {
        OpenAPI api = new OpenAPI()
                .components(new Components())
                .paths(new Paths()
                        .addPathItem("/api/a-b", new PathItem().get(new Operation().responses(new ApiResponses())))
                        .addPathItem("/api/a/b", new PathItem().get(new Operation().responses(new ApiResponses()))));
        assertThatThrownBy(() -> new OpenApiConventions().customise(api))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("getAB");
    }
}
