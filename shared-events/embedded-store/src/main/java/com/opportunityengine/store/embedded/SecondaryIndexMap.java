package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * A non-unique (secondary, possibly compound) index of the embedded store, which mongo-java-server itself only
 * ignores: an MVStore map from (indexed values..., {@code _id}) to the document's position, ordered by
 * {@link SecondaryKeyType}, kept in the same store as the documents (so a commit, the journal and its replay cover it).
 * A document whose indexed value is an array or a sub-document (or whose {@code _id} is not a plain value) is held in a
 * second map by its {@code _id} instead; while that map is not empty the index answers nothing and every query scans,
 * as before. {@link IndexedH2Collection} reads it; it is never a candidate for mongo-java-server's own index use
 * ({@link #canHandle} is false).
 */
final class SecondaryIndexMap extends Index<Object> {

    private final MVStore store;
    private final MVMap<KeyValue, Object> entries;
    private final MVMap<KeyValue, Object> unindexed;
    private final List<String> fields;

    private SecondaryIndexMap(
            MVStore store,
            MVMap<KeyValue, Object> entries,
            MVMap<KeyValue, Object> unindexed,
            String name,
            List<IndexKey> keys) {
        super(name, keys, false);
        this.store = store;
        this.entries = entries;
        this.unindexed = unindexed;
        this.fields = keys.stream().map(IndexKey::getKey).toList();
    }

    /** The index's maps, named after the collection's namespace ({@code db.collection}) and the index. */
    static SecondaryIndexMap open(MVStore store, String namespace, String indexName, List<IndexKey> keys) {
        String mapName = namespace + "._secondary_" + indexName;
        MVMap<KeyValue, Object> entries =
                store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(SecondaryKeyType.INSTANCE));
        MVMap<KeyValue, Object> unindexed = store.openMap(mapName + ".unindexed", KeyOrderedH2Backend.indexMap());
        return new SecondaryIndexMap(store, entries, unindexed, indexName, keys);
    }

    List<String> fields() {
        return fields;
    }

    /** Whether every document is in the key map, so that a key range holds every document matching it. */
    boolean usable() {
        return unindexed.isEmpty();
    }

    MVMap<KeyValue, Object> entries() {
        return entries;
    }

    /** Forgets every entry (so that adding the index to its collection rebuilds it from the documents). */
    void clear() {
        entries.clear();
        unindexed.clear();
    }

    /** The document's key, or null when one of its indexed values (or its id) cannot be a key value. */
    private KeyValue keyOf(Document document) {
        List<Object> values = new ArrayList<>(fields.size() + 1);
        for (String field : fields) {
            Object value = Utils.getSubdocumentValueCollectionAware(document, field);
            value = value instanceof Missing ? null : value;
            if (!SecondaryKeyType.indexable(value)) {
                return null;
            }
            values.add(value);
        }
        Object id = document.get("_id");
        if (id == null || !SecondaryKeyType.indexable(id)) {
            return null;
        }
        values.add(id);
        return new KeyValue(values);
    }

    private static KeyValue idOf(Document document) {
        return new KeyValue(Missing.ofNullable(document.get("_id")));
    }

    @Override
    public Object getPosition(Document document) {
        KeyValue key = keyOf(document);
        return key != null ? entries.get(key) : unindexed.get(idOf(document));
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void add(Document document, Object position, MongoCollection<Object> collection) {
        KeyValue key = keyOf(document);
        if (key != null) {
            entries.put(key, position);
        } else {
            unindexed.put(idOf(document), position);
        }
    }

    @Override
    public Object remove(Document document) {
        KeyValue key = keyOf(document);
        return key != null ? entries.remove(key) : unindexed.remove(idOf(document));
    }

    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("read through IndexedH2Collection");
    }

    @Override
    public long getCount() {
        return entries.sizeAsLong() + unindexed.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty() && unindexed.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        // not unique: nothing to refuse
    }

    @Override
    public void updateInPlace(
            Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        KeyValue before = keyOf(oldDocument);
        KeyValue after = keyOf(newDocument);
        if (before != null && after != null && SecondaryKeyType.compareKeys(before, after) == 0) {
            // no indexed value changed (the usual replace of a read model): the entry stays as it is
            return;
        }
        remove(oldDocument);
        add(newDocument, position, collection);
    }

    @Override
    public void drop() {
        store.removeMap(entries);
        store.removeMap(unindexed);
    }

    /** The positions of the keys from {@code from} to {@code to} (both search keys, never stored), in key order. */
    Iterator<Object> positions(KeyValue from, KeyValue to, boolean descending) {
        Cursor<KeyValue, Object> cursor = descending ? entries.cursor(to, from, true) : entries.cursor(from, to, false);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Object next() {
                cursor.next();
                return cursor.getValue();
            }
        };
    }

    /** How many keys lie between the search keys {@code from} and {@code to}: O(log n), from the B-tree's counts. */
    long count(KeyValue from, KeyValue to) {
        return Math.max(0, rank(to) - rank(from));
    }

    private long rank(KeyValue searchKey) {
        long index = entries.getKeyIndex(searchKey);
        return index >= 0 ? index : -(index + 1);
    }
}
