package com.opportunityengine.command.common;

import java.util.List;

/**
 * Answers whether an aggregate exists, for rules that name other aggregates (a customer, a
 * related opportunity) or refuse a client-chosen id that is taken. Command handlers take it as
 * a parameter; the application implements it on the event store with one key look-up.
 * A yes is final (streams are never deleted); a no may be overtaken by a concurrent creation,
 * which the store's unique keys then refuse.
 */
public interface AggregateDirectory {

    /** The aggregate types, as the event store records them. */
    String OPPORTUNITY = "Opportunity";

    String CUSTOMER = "Customer";
    String DEAL = "Deal";

    /** True when a stream with this id exists and belongs to an aggregate of this type. */
    boolean exists(String aggregateId, String aggregateType);

    /**
     * The payloads of an aggregate's events in order (empty when it has none), for a rule that must judge another
     * aggregate's state, such as whether a rep may see an opportunity they name as related.
     */
    List<Object> history(String aggregateId);
}
