package com.opportunityengine.store;

/**
 * Group commit: after writing to the store, wait until what was written is on disk.
 * (Placeholder of the store branch's interface, same signature; the store branch owns it.)
 */
public interface Durability {

    /** Returns once every write made before the call is durable. */
    void awaitDurable();
}
