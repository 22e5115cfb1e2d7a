package com.opportunityengine.command.opportunity.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Documents an opportunity id path variable as a UUID string. */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(description = "The opportunity's id", schema = @Schema(type = "string", format = "uuid"))
@interface OpportunityIdParam {}
