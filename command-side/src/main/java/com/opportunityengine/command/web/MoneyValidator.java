package com.opportunityengine.command.web;

import com.opportunityengine.events.common.Money;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.math.BigDecimal;

class MoneyValidator implements ConstraintValidator<ValidMoney, Money> {

    @Override
    public boolean isValid(Money money, ConstraintValidatorContext context) {
        if (money == null) {
            return true;
        }
        BigDecimal value = money.value().stripTrailingZeros();
        int integerDigits = value.precision() - value.scale();
        return value.signum() >= 0 && value.scale() <= 4 && integerDigits <= 15;
    }
}
