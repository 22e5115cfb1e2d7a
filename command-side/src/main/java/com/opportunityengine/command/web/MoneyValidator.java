package com.opportunityengine.command.web;

import com.opportunityengine.events.common.Money;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

class MoneyValidator implements ConstraintValidator<ValidMoney, Money> {

    @Override
    public boolean isValid(Money money, ConstraintValidatorContext context) {
        if (money == null) {
            return true;
        }
        return InputLimits.isAmount(money.value());
    }
}
