package com.opportunityengine.command.web;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A money amount that is not negative, has at most 4 decimals and at most 15 integer digits. Null is valid. */
@Documented
@Constraint(validatedBy = MoneyValidator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidMoney {

    String message() default InputLimits.AMOUNT_RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
