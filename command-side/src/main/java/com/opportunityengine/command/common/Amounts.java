package com.opportunityengine.command.common;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.events.common.Money;

/** Rules on amounts shared by the aggregates. */
public final class Amounts {

    private Amounts() {}

    /** @throws BusinessRuleException INVALID_AMOUNT when the amount is below zero (null passes) */
    public static Money notNegative(Money amount, String field) {
        if (amount != null && amount.isNegative()) {
            throw new BusinessRuleException(ErrorCode.INVALID_AMOUNT, field + " may not be negative: " + amount);
        }
        return amount;
    }
}
