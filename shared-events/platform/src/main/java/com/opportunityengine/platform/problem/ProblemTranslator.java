package com.opportunityengine.platform.problem;

import java.util.Optional;
import org.springframework.http.ProblemDetail;

/**
 * Turns an exception only one side raises (the command bus's failures, the idempotency ledger's
 * refusals) into the problem it answers, built with {@link Problems}. A side registers its
 * translators as beans; the one advice ({@link ProblemAdvice}) asks them, in their order, about every
 * exception Spring MVC does not know before it answers 500. A translator writes nothing itself.
 */
@FunctionalInterface
public interface ProblemTranslator {

    /** The problem this exception answers, or empty when it is not one this translator knows. */
    Optional<ProblemDetail> translate(Exception exception);
}
