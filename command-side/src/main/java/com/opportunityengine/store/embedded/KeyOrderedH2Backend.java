package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 backend with its unique indexes (every collection's {@code _id} index
 * among them) keyed by {@link IndexKeyType}, which compares index keys by value rather than by
 * Java-serialising them on every B-tree step. Documents and the file format are H2's own; only the
 * order of the index maps differs, and {@link KeyOrderMigration} re-sorts a file written before.
 */
public final class KeyOrderedH2Backend extends H2Backend {

    private KeyOrderedH2Backend(MVStore store) {
        super(store);
    }

    /** The backend on {@code store}, after re-sorting any index map still in H2's serialised order. */
    public static KeyOrderedH2Backend open(MVStore store) {
        KeyOrderMigration.run(store);
        return new KeyOrderedH2Backend(store);
    }

    /** A backend on a new in-memory MVStore (tests). */
    public static KeyOrderedH2Backend inMemory() {
        return open(new MVStore.Builder().open());
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return KeyOrderedDatabase.open(databaseName, getMvStore(), getCursorRegistry());
    }

    static MVMap.Builder<KeyValue, Object> indexMap() {
        return new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE);
    }

    private static final class KeyOrderedDatabase extends H2Database {

        /** H2Database opens the indexes from its constructor, before this class's fields are set. */
        private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

        private final MVStore store;

        private KeyOrderedDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
            this.store = store;
        }

        static KeyOrderedDatabase open(String name, MVStore store, CursorRegistry cursors) {
            OPENING.set(store);
            try {
                return new KeyOrderedDatabase(name, store, cursors);
            } finally {
                OPENING.remove();
            }
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            MVStore mvStore = store != null ? store : OPENING.get();
            // the same map name as H2Database's, so its dropIndex and drop find the map
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            return new UniqueIndexMap(mvStore.openMap(mapName, indexMap()), indexName, keys, sparse);
        }
    }
}
