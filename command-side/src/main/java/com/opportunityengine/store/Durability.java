package com.opportunityengine.store;

/**
 * Makes what this process wrote to the store durable before a caller acknowledges it.
 * <p>
 * A writer calls {@link #awaitDurable()} after its write returned and before it answers its
 * caller: when the call returns, every write this thread completed before the call is on disk.
 * On the embedded store this is a group commit of the H2 MVStore; on a real MongoDB the client's
 * write concern (majority, journaled) already gives the guarantee and this is a no-op.
 */
public interface Durability {

    /** Durability given by the store's write concern: nothing to wait for. */
    Durability WRITE_CONCERN = () -> { };

    /**
     * Blocks until everything this thread wrote before the call is durable.
     *
     * @throws RuntimeException when the store could not be made durable; the write must then be
     *                          treated as failed
     */
    void awaitDurable();
}
