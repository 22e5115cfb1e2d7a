/**
 * The event log on MongoDB, shared by the command and query sides.
 * <p>
 * {@link com.opportunityengine.store.MongoEventLogStorageEngine} is Axon's storage engine:
 * global positions, gap-aware tracking, reads by key only. {@link com.opportunityengine.store.StoreConfiguration}
 * wires it, the MongoDB client, the durable database, the {@link com.opportunityengine.store.ReadModels} database
 * and the Mongo token store. The store itself is a MongoDB ({@code MONGODB_URI}) or, without one, the embedded
 * store of the {@code embedded-store} module.
 */
package com.opportunityengine.store;
