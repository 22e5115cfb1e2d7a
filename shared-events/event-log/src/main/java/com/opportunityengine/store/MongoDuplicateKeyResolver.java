package com.opportunityengine.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;

/**
 * Recognises MongoDB duplicate-key errors (code 11000) anywhere in an exception's cause chain,
 * so Axon can turn them into {@code AggregateStreamCreationException} / {@code ConcurrencyException}.
 */
public final class MongoDuplicateKeyResolver implements PersistenceExceptionResolver {

    static final int DUPLICATE_KEY = 11000;

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (isDuplicateKey(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isDuplicateKey(Throwable t) {
        if (t instanceof DuplicateStreamKeyException) {
            return true;
        }
        if (t instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream()
                    .anyMatch(e -> e.getCode() == DUPLICATE_KEY
                            || ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        if (t instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        return t instanceof MongoCommandException command && command.getErrorCode() == DUPLICATE_KEY;
    }
}
