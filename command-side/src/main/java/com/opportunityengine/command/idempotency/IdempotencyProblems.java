package com.opportunityengine.command.idempotency;

import com.opportunityengine.platform.problem.ProblemTranslator;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import java.util.Optional;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** The ledger's refusals, for the app's one advice: a key reused for another request 422, a key still in use 409. */
@Component
class IdempotencyProblems implements ProblemTranslator {

    @Override
    public Optional<ProblemDetail> translate(Exception exception) {
        if (exception instanceof IdempotencyKeyReusedException) {
            return Optional.of(Problems.of(ProblemType.IDEMPOTENCY_KEY_REUSED, exception.getMessage()));
        }
        if (exception instanceof IdempotencyKeyInUseException) {
            return Optional.of(Problems.of(ProblemType.IDEMPOTENCY_KEY_IN_USE, exception.getMessage()));
        }
        return Optional.empty();
    }
}
