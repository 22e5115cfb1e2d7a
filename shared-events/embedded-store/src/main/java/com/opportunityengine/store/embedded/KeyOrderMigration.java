package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-sorts the unique-index maps of a store file written by the plain H2 backend (keys in their
 * serialised-bytes order) into {@link IndexKeyType}'s order, once, and marks the file so. A file
 * whose index maps were searched with the wrong order would miss keys, so this runs before the
 * backend opens any database.
 */
final class KeyOrderMigration {

    /** Not a name mongo-java-server gives a map ({@code databases.}, {@code meta.}, {@code <db>.}). */
    static final String FORMAT_MAP = "_opportunity_engine.store_format";

    static final String INDEX_KEY_ORDER = "index-key-order";
    static final String BY_VALUE = "by-value-v1";

    private static final Logger log = LoggerFactory.getLogger(KeyOrderMigration.class);

    private KeyOrderMigration() {}

    static void run(MVStore store) {
        MVMap<String, Object> format = store.openMap(FORMAT_MAP);
        if (BY_VALUE.equals(format.get(INDEX_KEY_ORDER))) {
            return;
        }
        for (String name : store.getMapNames()) {
            if (name.contains("._index_")) {
                resort(store.openMap(name, KeyOrderedH2Backend.indexMap()), name);
            }
        }
        format.put(INDEX_KEY_ORDER, BY_VALUE);
        store.commit();
    }

    private static void resort(MVMap<KeyValue, Object> index, String name) {
        if (index.isEmpty()) {
            return;
        }
        // a cursor from the start walks the pages without comparing keys, so the old order reads fine
        List<Map.Entry<KeyValue, Object>> entries = new ArrayList<>(index.size());
        for (Map.Entry<KeyValue, Object> entry : index.entrySet()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        index.clear();
        for (Map.Entry<KeyValue, Object> entry : entries) {
            index.put(entry.getKey(), entry.getValue());
        }
        log.info("Re-sorted the index {} ({} keys) by value", name, entries.size());
    }
}
