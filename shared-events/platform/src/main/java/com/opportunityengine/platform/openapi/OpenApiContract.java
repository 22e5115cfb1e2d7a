package com.opportunityengine.platform.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.opportunityengine.events.common.Money;
import com.opportunityengine.events.common.UserId;
import com.opportunityengine.events.customer.CustomerId;
import com.opportunityengine.events.deal.DealId;
import com.opportunityengine.events.opportunity.ContactId;
import com.opportunityengine.events.opportunity.DocumentId;
import com.opportunityengine.events.opportunity.OpportunityId;
import com.opportunityengine.events.opportunity.TaskId;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.StageCode;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.UUIDSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Currency;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document every app serves at {@code /v3/api-docs} (the command side, the query side, the standalone
 * engine with both), made the same way on each: typed ids are the strings they are in JSON (UUIDs with their format,
 * user ids, pipeline ids and stage codes plain strings), an amount is the one {@code Money} schema, an event payload
 * is a free-form object; {@link OpenApiConventions} then declares the problems, headers, names and tags.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiContract {

    static {
        SpringDocUtils.getConfig()
                .replaceWithSchema(OpportunityId.class, new UUIDSchema())
                .replaceWithSchema(CustomerId.class, new UUIDSchema())
                .replaceWithSchema(DealId.class, new UUIDSchema())
                .replaceWithSchema(ContactId.class, new UUIDSchema())
                .replaceWithSchema(TaskId.class, new UUIDSchema())
                .replaceWithSchema(DocumentId.class, new UUIDSchema())
                .replaceWithClass(UserId.class, String.class)
                .replaceWithClass(PipelineId.class, String.class)
                .replaceWithClass(StageCode.class, String.class)
                .replaceWithSchema(
                        Currency.class, new StringSchema().pattern("^[A-Z]{3}$").example("CNY"))
                .replaceWithSchema(Money.class, new Schema<>().$ref(OpenApiConventions.ref("Money")))
                .replaceWithSchema(
                        JsonNode.class,
                        new ObjectSchema()
                                .description("a JSON object (an event's payload as recorded)")
                                .additionalProperties(true));
    }

    @Bean
    OpenAPI opportunityEngineOpenApi() {
        return new OpenAPI()
                .components(
                        new Components()
                                .addSecuritySchemes(
                                        "apiKey",
                                        new SecurityScheme()
                                                .type(SecurityScheme.Type.HTTP)
                                                .scheme("bearer")
                                                .description(
                                                        "An API key: Authorization: Bearer oe_<keyId>_<secret>. The first one is in "
                                                                + "<engine.data-dir>/admin.key; see docs/security.md for roles.")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"))
                .info(new Info()
                        .title("Opportunity engine")
                        .version("0.1.0")
                        .description(
                                "Commands on sales opportunities (商机), customers and deals, and the views, funnel, "
                                        + "pipeline and analytics derived from their events. Every error is RFC 9457 "
                                        + "application/problem+json (schema Problem). Writes honour Idempotency-Key; "
                                        + "writes on an opportunity, customer or deal honour If-Match: <version>; "
                                        + "X-Correlation-Id is echoed and recorded on every event. Every /api endpoint "
                                        + "needs an API key (401 without, 403 when the role does not allow it). In a "
                                        + "request body an absent or null field means 'unchanged' on PATCH."));
    }

    @Bean
    GlobalOpenApiCustomizer opportunityEngineConventions() {
        return new OpenApiConventions();
    }
}
