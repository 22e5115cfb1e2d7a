package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.h2.mvstore.MVMap;

/**
 * mongo-java-server's H2 collection, answering from its {@link SecondaryIndexMap}s the queries they fit: a filter
 * with an equality on a prefix of an index's fields (and maybe a string range on the next one), sorted by the rest of
 * its fields and then {@code _id}, all ascending or all descending, or not sorted at all. The documents are read in the
 * index's order and matched against the whole filter, and the read stops once skip + limit documents matched (the
 * stock collection matches and sorts every document first). Not sorted, the candidates are put in the order the stock
 * collection returns documents (its map's key order). Anything else scans, as before; the answers are the same (see
 * {@code SecondaryIndexTest}).
 */
final class IndexedH2Collection extends H2Collection {

    private final MVMap<Object, Document> documents;
    private final AtomicLong indexedReads = new AtomicLong();

    IndexedH2Collection(
            MongoDatabase database,
            String collectionName,
            CollectionOptions options,
            MVMap<Object, Document> documents,
            MVMap<String, Object> meta,
            CursorRegistry cursors) {
        super(database, collectionName, options, documents, meta, cursors);
        this.documents = documents;
    }

    /** How many queries and counts a secondary index answered (tests). */
    long indexedReads() {
        return indexedReads.get();
    }

    @Override
    protected QueryResult queryDocuments(
            Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        Stream<Document> candidates = candidates(query, orderBy);
        if (candidates == null) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        indexedReads.incrementAndGet();
        return matchDocumentsFromStream(query, candidates, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    /**
     * The number of documents matching {@code filter} when an index range is exactly the filter (equalities on a prefix
     * of its fields, a string range on the next one, nothing else); -1 otherwise.
     */
    synchronized long exactCount(Document filter) {
        if (filter == null || filter.isEmpty() || otherIndexHandles(filter)) {
            return -1;
        }
        IndexedQuery query = IndexedQuery.of(filter);
        for (SecondaryIndexMap index : secondaryIndexes()) {
            IndexedQuery.Scan scan = query.scan(index);
            if (scan != null && scan.exact()) {
                indexedReads.incrementAndGet();
                return index.count(scan.from(), scan.to());
            }
        }
        return -1;
    }

    private boolean otherIndexHandles(Document query) {
        for (Index<Object> index : getIndexes()) {
            if (!(index instanceof SecondaryIndexMap) && index.canHandle(query)) {
                return true;
            }
        }
        return false;
    }

    private List<SecondaryIndexMap> secondaryIndexes() {
        List<SecondaryIndexMap> indexes = new ArrayList<>();
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndexMap secondary && secondary.usable()) {
                indexes.add(secondary);
            }
        }
        return indexes;
    }

    /** The documents of the best fitting index range in the order asked for, or null when no index fits. */
    private Stream<Document> candidates(Document query, Document orderBy) {
        if (query == null || query.isEmpty() || otherIndexHandles(query)) {
            return null;
        }
        List<Map.Entry<String, Object>> sort = orderBy == null ? List.of() : new ArrayList<>(orderBy.entrySet());
        if (!sort.isEmpty() && sort.get(0).getKey().equals("$natural")) {
            return null;
        }
        IndexedQuery conditions = IndexedQuery.of(query);
        IndexedQuery.Scan best = null;
        int bestPrefix = -1;
        boolean descending = false;
        for (SecondaryIndexMap index : secondaryIndexes()) {
            IndexedQuery.Scan scan = conditions.scan(index);
            if (scan == null) {
                continue;
            }
            int prefix = conditions.prefix(index);
            Boolean direction = sort.isEmpty() ? Boolean.FALSE : direction(index, prefix, sort);
            if (direction != null && prefix > bestPrefix) {
                best = scan;
                bestPrefix = prefix;
                descending = direction;
            }
        }
        if (best == null) {
            return null;
        }
        Iterator<Object> positions = best.index().positions(best.from(), best.to(), descending);
        if (sort.isEmpty()) {
            // unsorted: as the stock collection returns them, in its map's key order
            List<Object> all = new ArrayList<>();
            positions.forEachRemaining(all::add);
            all.sort(documents.getKeyType()::compare);
            positions = all.iterator();
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false)
                .map(this::getDocument);
    }

    /**
     * Whether reading {@code index} forwards (false) or backwards (true) gives the sort's order, null if neither: after
     * the fields fixed by equality the sort must be the index's remaining fields and then {@code _id}, in one direction.
     */
    private static Boolean direction(SecondaryIndexMap index, int prefix, List<Map.Entry<String, Object>> sort) {
        List<String> fields = index.fields();
        List<String> expected = new ArrayList<>(fields.subList(prefix, fields.size()));
        expected.add("_id");
        List<String> sorted = new ArrayList<>();
        Integer sign = null;
        for (Map.Entry<String, Object> key : sort) {
            if (!(key.getValue() instanceof Number number)) {
                return null;
            }
            int value = number.intValue();
            if (value != 1 && value != -1) {
                return null;
            }
            if (fields.subList(0, prefix).contains(key.getKey())) {
                // fixed by the equality: every candidate has the same value
                continue;
            }
            if (sign != null && sign != value) {
                return null;
            }
            sign = value;
            sorted.add(key.getKey());
        }
        if (!sorted.equals(expected)) {
            return null;
        }
        return sign == -1;
    }
}
