package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's secondary-index maps ({@link SecondaryIndexMap}): a key is the indexed values
 * of a document followed by its {@code _id}, and keys are ordered as mongo-java-server sorts documents
 * ({@link ValueComparator}: null and missing first, then numbers, strings, ... as MongoDB's BSON comparison order), one
 * value after the other, so that reading a key range forwards or backwards gives a query's documents in the order its
 * sort on those fields then {@code _id} asks for. Two keys the sort holds equal (a long and a double of one value) are
 * told apart by {@link IndexKeyType}'s exact order, so the order is total.
 * <p>
 * A search key may hold a {@link Bound} in place of a value: before or after every value of one BSON type, or of all
 * types; stored keys never do. Keys are written as {@link IndexKeyType} writes them.
 */
final class SecondaryKeyType extends ObjectDataType {

    static final SecondaryKeyType INSTANCE = new SecondaryKeyType();

    /** The BSON type order, as {@link ValueComparator}'s (whose own list is private). */
    private static final List<Class<?>> TYPE_ORDER = List.of(
            Number.class,
            String.class,
            Document.class,
            List.class,
            byte[].class,
            UUID.class,
            ObjectId.class,
            Boolean.class,
            Instant.class);

    /** A search bound in one position of a key: before ({@code after == false}) or after every value of a type rank. */
    record Bound(int rank, boolean after) {
        static final Bound LOWEST = new Bound(Integer.MIN_VALUE, false);
        static final Bound HIGHEST = new Bound(Integer.MAX_VALUE, true);

        static Bound before(Object value) {
            return new Bound(SecondaryKeyType.rank(value), false);
        }

        static Bound after(Object value) {
            return new Bound(SecondaryKeyType.rank(value), true);
        }
    }

    private SecondaryKeyType() {}

    /**
     * Whether {@code value} can be a key value: null, or a scalar whose sort order is plain (numbers, strings, booleans,
     * dates, object ids, UUIDs). Arrays (one key per element on MongoDB) and sub-documents are not indexed.
     */
    static boolean indexable(Object value) {
        return value == null
                || value instanceof String
                || value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof Boolean
                || value instanceof Instant
                || value instanceof ObjectId
                || value instanceof UUID;
    }

    /** The value's rank in the BSON type order; null lowest. */
    static int rank(Object value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < TYPE_ORDER.size(); i++) {
            if (TYPE_ORDER.get(i).isInstance(value)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an indexable value: " + value.getClass());
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    static int compareKeys(KeyValue left, KeyValue right) {
        int size = Math.min(left.size(), right.size());
        for (int i = 0; i < size; i++) {
            int order = compareSorted(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        if (left.size() != right.size()) {
            return Integer.compare(left.size(), right.size());
        }
        // equal as the sort sees them (1 and 1.0): the exact values decide
        for (int i = 0; i < size; i++) {
            int order = IndexKeyType.compareValues(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private static int compareSorted(Object a, Object b) {
        if (a instanceof Bound bound) {
            return b instanceof Bound other ? compareBounds(bound, other) : boundAgainst(bound, b);
        }
        if (b instanceof Bound bound) {
            return -boundAgainst(bound, a);
        }
        int ranks = Integer.compare(rank(a), rank(b));
        if (ranks != 0) {
            return ranks;
        }
        return a == null ? 0 : ValueComparator.asc().compare(a, b);
    }

    private static int boundAgainst(Bound bound, Object value) {
        int ranks = Integer.compare(bound.rank(), rank(value));
        if (ranks != 0) {
            return ranks;
        }
        return bound.after() ? 1 : -1;
    }

    private static int compareBounds(Bound a, Bound b) {
        int ranks = Integer.compare(a.rank(), b.rank());
        return ranks != 0 ? ranks : Boolean.compare(a.after(), b.after());
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        IndexKeyType.INSTANCE.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        return IndexKeyType.INSTANCE.read(buff);
    }

    @Override
    public int getMemory(Object obj) {
        return IndexKeyType.INSTANCE.getMemory(obj);
    }
}
