package com.opportunityengine.command.config;

import com.opportunityengine.store.EventLogReader;
import java.lang.reflect.Field;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * The aggregate cache, checked against the log before each use: an entry is used only while no event follows the
 * version it holds (one look-up of the stream key {@code <id>#<version + 1>}). Without the check, a node whose cached
 * opportunity another command node had since changed would decide on the old state: append in vain until its
 * retries ran out (409), refuse an {@code If-Match} naming the newer version (412), or apply a business rule to a
 * state that no longer holds (refuse to log a contact on an opportunity that another node has reopened). With it,
 * a stale entry is dropped and the aggregate loaded afresh. Entries are held by weak reference (the garbage collector
 * bounds the cache).
 */
public final class FreshAggregateCache implements Cache {

    private static final Field VERSION = versionField();

    private final Cache entries;
    private final EventLogReader log;

    public FreshAggregateCache(Cache entries, EventLogReader log) {
        this.entries = entries;
        this.log = log;
    }

    @Override
    public <K, V> V get(K key) {
        V value = entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && isBehindTheLog(key, entry)) {
            entries.remove(key);
            return null;
        }
        return value;
    }

    private boolean isBehindTheLog(Object key, AggregateCacheEntry<?> entry) {
        Long version = version(entry);
        if (version == null) {
            return true; // nothing known to compare with: load it
        }
        return !log.ofStream(key.toString(), version + 1, version + 2).isEmpty();
    }

    static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Axon keeps the cached aggregate's version in a private field; the cache's own test fails if it moves. */
    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("Axon's AggregateCacheEntry no longer has a version field", e);
        }
    }

    @Override
    public void put(Object key, Object value) {
        entries.put(key, value);
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        return entries.putIfAbsent(key, value);
    }

    @Override
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return entries.computeIfAbsent(key, valueSupplier);
    }

    @Override
    public boolean remove(Object key) {
        return entries.remove(key);
    }

    @Override
    public void removeAll() {
        entries.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return entries.registerCacheEntryListener(cacheEntryListener);
    }

    @Override
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, update);
    }
}
