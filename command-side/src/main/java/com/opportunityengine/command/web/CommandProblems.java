package com.opportunityengine.command.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.opportunityengine.events.common.BusinessError;
import com.opportunityengine.events.common.BusinessRuleException;
import com.opportunityengine.events.common.ErrorCode;
import com.opportunityengine.platform.problem.ProblemTranslator;
import com.opportunityengine.platform.problem.ProblemType;
import com.opportunityengine.platform.problem.Problems;
import java.util.Optional;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * What a command's failure answers, for the app's one advice: a broken business rule (carried in a
 * {@link CommandExecutionException}'s {@link BusinessError} details, which survive any command bus, or
 * thrown on a local one) as its code's problem; a stale {@code If-Match} 412; an id that exists already
 * 409 {@code ALREADY_EXISTS}; a concurrent append 409; a missing target the bus did not name
 * (the bus's interceptor turns most into their {@code *_NOT_FOUND} rule) 404. Anything else is a bug (500).
 */
@Component
class CommandProblems implements ProblemTranslator {

    @Override
    public Optional<ProblemDetail> translate(Exception exception) {
        Throwable failure = exception;
        if (exception instanceof CommandExecutionException execution) {
            Optional<Object> details = execution.getDetails();
            if (details.isPresent() && details.get() instanceof BusinessError error) {
                return Optional.of(Problems.businessRule(error.code(), error.message()));
            }
            failure = execution.getCause();
            if (failure == null) {
                return Optional.empty(); // a remote failure without details: a bug
            }
        }
        if (failure instanceof BusinessRuleException rule) {
            return Optional.of(Problems.businessRule(rule));
        }
        if (failure instanceof AggregateNotFoundException) {
            return Optional.of(Problems.of(ProblemType.NOT_FOUND, "Nothing with this id exists."));
        }
        if (failure instanceof ConflictingAggregateVersionException) {
            return Optional.of(Problems.of(
                    ProblemType.VERSION_MISMATCH,
                    "If-Match names a version that is no longer current; read the current version and retry."));
        }
        if (failure instanceof AggregateStreamCreationException || isDuplicateKey(failure)) {
            return Optional.of(
                    Problems.businessRule(ErrorCode.ALREADY_EXISTS, "Something with this id already exists."));
        }
        if (failure instanceof ConcurrencyException) {
            return Optional.of(Problems.of(
                    ProblemType.CONCURRENT_MODIFICATION,
                    "Another request changed the same item at the same time; retry."));
        }
        return Optional.empty();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof MongoWriteException write) {
                return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }
}
