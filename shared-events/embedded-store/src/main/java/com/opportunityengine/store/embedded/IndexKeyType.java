package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the embedded store's unique-index maps: orders mongo-java-server's {@link KeyValue}
 * keys by their values instead of by their Java-serialised bytes.
 * <p>
 * {@code KeyValue} is not {@code Comparable}, so H2's {@link ObjectDataType} compares two of them by
 * serialising both, on every step of every B-tree search: measured, that was most of the cost of an
 * insert into the events collection (three unique indexes, ~18 steps each at 200k events) and of
 * every look-up by key. This type keeps H2's on-disk format (it only overrides {@link #compare} and
 * the memory estimate) and compares values directly: first by class name, then, for the value
 * classes whose {@code compareTo} agrees with {@code equals}, by that; any other value (a sub-document,
 * an array) falls back to the serialised bytes, as before. So {@code compare} is 0 exactly when H2's
 * comparison was 0 for the keys an index holds, and the order is total and transitive; it is a
 * different order from the old one, which is why {@link KeyOrderMigration} re-sorts old files.
 * <p>
 * It also writes a key as its values behind the tag {@value #KEY_VALUE} (unused by H2, whose tags end
 * at 119) rather than by Java serialisation, and still reads keys H2 wrote its own way.
 */
final class IndexKeyType extends ObjectDataType {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    static final byte KEY_VALUE = 126;

    /** Value classes whose natural order is total and consistent with {@code equals}. */
    private static final Set<Class<?>> NATURALLY_ORDERED = Set.of(
            String.class,
            Long.class,
            Integer.class,
            Short.class,
            Byte.class,
            Double.class,
            Float.class,
            Boolean.class,
            Character.class,
            UUID.class,
            java.util.Date.class,
            java.time.Instant.class,
            de.bwaldvogel.mongo.bson.ObjectId.class);

    private IndexKeyType() {}

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof KeyValue key) {
            buff.put(KEY_VALUE).putVarInt(key.size());
            for (Object value : key) {
                super.write(buff, value);
            }
            return;
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != KEY_VALUE) {
            return super.read(buff);
        }
        buff.get();
        int size = DataUtils.readVarInt(buff);
        List<Object> values = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            values.add(super.read(buff));
        }
        return new KeyValue(values);
    }

    @Override
    public int getMemory(Object obj) {
        if (obj instanceof KeyValue key) {
            int memory = 48;
            for (Object value : key) {
                memory += value instanceof String text ? 40 + 2 * text.length() : 24;
            }
            return memory;
        }
        return super.getMemory(obj);
    }

    static int compareKeys(KeyValue left, KeyValue right) {
        int size = Math.min(left.size(), right.size());
        for (int i = 0; i < size; i++) {
            int order = compareValues(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    /** H2's own comparison: by class, then by the serialised bytes for a non-comparable value. */
    private int h2Order(Object a, Object b) {
        return super.compare(a, b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        Class<?> type = a.getClass();
        if (type != b.getClass()) {
            return type.getName().compareTo(b.getClass().getName());
        }
        if (NATURALLY_ORDERED.contains(type)) {
            return ((Comparable) a).compareTo(b);
        }
        // sub-documents, arrays and the like: as H2 ordered them, by their serialised bytes
        return INSTANCE.h2Order(a, b);
    }
}
