package com.opportunityengine.store;

/**
 * Thrown (and resolved as a duplicate key) when the pre-check of a multi-aggregate append finds
 * that one of the batch's aggregates already has the event the batch wants to add.
 */
final class DuplicateStreamKeyException extends RuntimeException {

    DuplicateStreamKeyException(String streamKey) {
        super("An event with key " + streamKey + " already exists in the event log");
    }
}
