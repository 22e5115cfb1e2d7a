package com.opportunityengine.command.assignment;

import com.opportunityengine.events.common.Money;

/**
 * What an opportunity must be for a rule to take it: every given field must hold (a rule with none is a
 * default that takes everything). Text fields compare case-insensitively; region, industry and size are the
 * customer's. {@code amountAtLeast} (inclusive) and {@code amountBelow} (exclusive) match only an amount in
 * their own currency.
 */
public record RuleMatch(
        String pipeline,
        String source,
        String region,
        String industry,
        String size,
        Money amountAtLeast,
        Money amountBelow) {

    static final RuleMatch ANY = new RuleMatch(null, null, null, null, null, null, null);

    boolean matches(AssignmentSubject subject) {
        return same(pipeline, subject.pipeline())
                && same(source, subject.source())
                && (region == null || same(region, subject.customer().region()))
                && (industry == null || same(industry, subject.customer().industry()))
                && (size == null || same(size, subject.customer().size()))
                && (amountAtLeast == null || atLeast(subject.amount(), amountAtLeast))
                && (amountBelow == null || below(subject.amount(), amountBelow));
    }

    boolean isDefault() {
        return equals(ANY);
    }

    boolean needsCustomer() {
        return region != null || industry != null || size != null;
    }

    private static boolean same(String wanted, String actual) {
        return wanted == null || (actual != null && wanted.equalsIgnoreCase(actual.trim()));
    }

    private static boolean atLeast(Money amount, Money bound) {
        return sameCurrency(amount, bound) && amount.value().compareTo(bound.value()) >= 0;
    }

    private static boolean below(Money amount, Money bound) {
        return sameCurrency(amount, bound) && amount.value().compareTo(bound.value()) < 0;
    }

    private static boolean sameCurrency(Money amount, Money bound) {
        return amount != null && amount.currency().equals(bound.currency());
    }
}
