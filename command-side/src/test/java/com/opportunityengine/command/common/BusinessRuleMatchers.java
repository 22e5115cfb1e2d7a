package com.opportunityengine.command.common;

import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import org.hamcrest.FeatureMatcher;
import org.hamcrest.Matcher;
import org.hamcrest.Matchers;

/** Matches the business rule a command broke, by its stable code. */
public final class BusinessRuleMatchers {

    private BusinessRuleMatchers() {}

    public static Matcher<BusinessRuleException> breaking(ErrorCode code) {
        return new FeatureMatcher<>(Matchers.equalTo(code), "a business rule exception with code", "code") {
            @Override
            protected ErrorCode featureValueOf(BusinessRuleException actual) {
                return actual.code();
            }
        };
    }
}
