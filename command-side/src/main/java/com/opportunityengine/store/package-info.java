/**
 * The event log on MongoDB and the store it lives in, shared by the command and query sides.
 * <p>
 * {@link com.opportunityengine.store.MongoEventLogStorageEngine} is Axon's storage engine:
 * global positions, gap-aware tracking, reads by key only. {@link com.opportunityengine.store.StoreConfiguration}
 * wires it, the MongoDB client and database, {@link com.opportunityengine.store.Durability} and the
 * Mongo token store; without {@code MONGODB_URI} it runs the embedded store of
 * {@link com.opportunityengine.store.embedded}.
 */
package com.opportunityengine.store;
