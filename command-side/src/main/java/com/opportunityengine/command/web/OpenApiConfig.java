package com.opportunityengine.command.web;

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
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document served at {@code /v3/api-docs}: typed ids appear as the strings they are in JSON. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        SpringDocUtils.getConfig()
                .replaceWithClass(OpportunityId.class, UUID.class)
                .replaceWithClass(CustomerId.class, UUID.class)
                .replaceWithClass(DealId.class, UUID.class)
                .replaceWithClass(ContactId.class, UUID.class)
                .replaceWithClass(TaskId.class, UUID.class)
                .replaceWithClass(DocumentId.class, UUID.class)
                .replaceWithClass(UserId.class, String.class)
                .replaceWithClass(PipelineId.class, String.class)
                .replaceWithClass(StageCode.class, String.class)
                .replaceWithClass(Currency.class, String.class)
                .replaceWithSchema(
                        Money.class,
                        new ObjectSchema()
                                .description(
                                        "An amount in one ISO-4217 currency; the value is a decimal string (numbers accepted on input)")
                                .addProperty(
                                        "value",
                                        new StringSchema()
                                                .pattern("^-?\\d+(\\.\\d+)?$")
                                                .example("125000.00"))
                                .addProperty(
                                        "currency",
                                        new StringSchema().pattern("^[A-Z]{3}$").example("CNY"))
                                .required(List.of("value", "currency")));
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
                .info(
                        new Info()
                                .title("Opportunity engine")
                                .version("0.1.0")
                                .description(
                                        "Commands on sales opportunities (商机), customers and deals. Errors are RFC 9457 "
                                                + "application/problem+json. POSTs honour Idempotency-Key; writes on an opportunity "
                                                + "honour If-Match: <version>; X-Correlation-Id is echoed and recorded on every event. "
                                                + "Every endpoint needs an API key (401 without, 403 when the role does not allow it)."));
    }
}
