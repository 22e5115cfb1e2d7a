package com.opportunityengine.store;

import static java.util.Objects.requireNonNull;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Axon's event storage engine on MongoDB: an event log with a global position.
 *
 * <h2>Layout</h2>
 * Collection {@value #EVENTS}: one document per event, {@code _id} = global position (1-based,
 * strictly increasing), {@code streamKey} = {@code aggregateIdentifier + "#" + sequenceNumber}
 * (unique: the (aggregate, sequence) key as one field, because mongo-java-server can only serve
 * {@code $in} from single-field indexes), {@code aggregateIdentifier}, {@code sequenceNumber},
 * {@code type} (aggregate type, absent for events that belong to no aggregate), {@code eventIdentifier}
 * (unique), {@code timestamp} (the message's timestamp, fixed-width ISO-8601 with nanoseconds so it
 * sorts as text), {@code recordedAt} (this node's clock in epoch millis when the position was taken;
 * used to age gaps), {@code payloadType}, {@code payloadRevision}, and {@code payload} and
 * {@code metaData} as the exact JSON text the serializer produced. Events that belong to no
 * aggregate are stored like Axon's JDBC engine does: aggregate id = event id, sequence 0, no type.
 * Collection {@value #SNAPSHOTS}: one document per aggregate ({@code _id} = aggregate id), the
 * newest snapshot wins. Collection {@value #COUNTERS}: the position counter (see {@link PositionAllocator}).
 *
 * <h2>Reads by key only</h2>
 * Loading an aggregate asks for the next batch of its keys with {@code streamKey $in}; the tracking
 * reader asks for {@code _id $in} [its gaps + the next window of positions]; the last sequence
 * number of an aggregate is found by galloping probes of keys. Only {@link #createTokenAt(Instant)}
 * scans.
 *
 * <h2>Tracking</h2>
 * {@link GapAwareTrackingToken} semantics as in Axon's JDBC engine: a position that is missing
 * below one that was read becomes a gap; gaps are asked for again on every fetch and delivered
 * when they fill (never skipped, never repeated); a gap is dropped once an event recorded after
 * it is older than the gap timeout (its append is presumed dead) or when it falls more than
 * {@code maxGapOffset} behind the token. Runs of reserved positions that will never be used do
 * not stall the reader: when a whole window is empty and the counter shows positions beyond it,
 * the reader looks further.
 *
 * <h2>Hash chain</h2>
 * Every event document also holds {@code hash} and {@code previousHash} (absent at sequence 0):
 * the SHA-256 of its stored fields and of the hash of the same aggregate's previous event, as
 * {@link EventHashes} defines. They are fields of the document, not entries of the stored
 * metadata text, because the hash covers that text exactly as the serializer wrote it. The
 * previous hash comes from the batch being appended, else from a bounded in-memory cache of the
 * newest hash per aggregate written by this node, else from one key look-up of
 * {@code streamKey} (one query for all aggregates of the batch that missed the cache). With a chain key
 * ({@link Builder#hashChain}) new events are hashed with HMAC-SHA256 under it and record {@code hashScheme} and
 * {@code hashKeyId} ({@link HashChain}); events already stored keep their hashes.
 */
public class MongoEventLogStorageEngine extends BatchingEventStorageEngine {

    public static final String EVENTS = "events";
    public static final String SNAPSHOTS = "snapshots";
    public static final String COUNTERS = "counters";
    public static final String APPEND_TIMER = "engine.eventlog.append";

    private static final Logger log = LoggerFactory.getLogger(MongoEventLogStorageEngine.class);
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final int LAST_SEQUENCE_SCAN_LIMIT = 256;
    private static final int HEAD_PROBE_WINDOW = 1000;
    private static final int MAX_POSITION_RETRIES = 3;
    private static final int CHAIN_CACHE_SIZE = 10_000;
    private static final int FIRST_STREAM_WINDOW = 4;
    /** Streams shorter than this are read whole rather than after a snapshot (two key windows). */
    private static final int SHORT_STREAM = FIRST_STREAM_WINDOW * 5;

    /** The id of the counter document in {@value #COUNTERS} whose {@code value} is the high-water mark. */
    public static final String POSITION_COUNTER_ID = PositionAllocator.COUNTER_ID;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final PositionAllocator positions;
    private final BurntPositions burnt;
    private final Clock clock;
    private final long gapTimeoutMillis;
    private final int maxGapOffset;
    private final HashChain hashChain;
    private final Object snapshotLock = new Object();
    /** {@code engine.eventlog.append}: how long the store took to take an append durably. */
    private final Timer appendTimer;
    /** Newest (sequence, hash) per aggregate appended by this node, least recently used evicted. */
    private final Map<String, ChainLink> chainCache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ChainLink> eldest) {
            return size() > CHAIN_CACHE_SIZE;
        }
    };

    private record ChainLink(long sequenceNumber, String hash) {}

    /** Test hook: runs after positions were taken and before the insert. */
    volatile Consumer<List<Document>> beforeInsert = documents -> {};

    protected MongoEventLogStorageEngine(Builder builder) {
        super(builder);
        // an acknowledged append is on disk: journaled on top of whatever the database asks for (majority on a
        // replica set); the embedded store syncs such a write before it answers
        MongoDatabase database = Durable.writes(builder.database);
        this.events = database.getCollection(EVENTS);
        this.snapshots = database.getCollection(SNAPSHOTS);
        this.positions = new PositionAllocator(database.getCollection(COUNTERS));
        this.burnt = new BurntPositions(database);
        this.clock = builder.clock;
        this.gapTimeoutMillis = builder.gapTimeout.toMillis();
        this.maxGapOffset = builder.maxGapOffset;
        this.hashChain = builder.hashChain;
        this.appendTimer = Timer.builder(APPEND_TIMER)
                .description(
                        "Appends of the event log, until the store acknowledged them durably (journaled, majority)")
                .publishPercentileHistogram()
                .register(builder.meterRegistry);
        ensureIndexes();
        if (builder.soleAppender) {
            burnt.abandonUnused(new EventLogReader(database), clock.millis(), gapTimeoutMillis);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private void ensureIndexes() {
        events.createIndex(
                Indexes.ascending("streamKey"), new IndexOptions().unique(true).name("streamKey"));
        events.createIndex(
                Indexes.ascending("eventIdentifier"),
                new IndexOptions().unique(true).name("eventIdentifier"));
    }

    // ---------------------------------------------------------------- append

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> eventMessages, Serializer serializer) {
        if (eventMessages.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(eventMessages.size());
        for (EventMessage<?> event : eventMessages) {
            documents.add(toDocument(event, serializer));
        }
        precheckOtherStreams(eventMessages, documents);
        chain(documents);
        for (int attempt = 1; ; attempt++) {
            long[] taken = positions.allocate(documents.size());
            long recordedAt = clock.millis();
            for (int i = 0; i < documents.size(); i++) {
                documents.get(i).append("_id", taken[i]).append("recordedAt", recordedAt);
            }
            beforeInsert.accept(documents);
            long started = System.nanoTime();
            try {
                events.insertMany(documents, new InsertManyOptions().ordered(true));
                appendTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                remember(documents);
                break;
            } catch (MongoBulkWriteException e) {
                BulkWriteError error = e.getWriteErrors().get(0);
                int failed = error.getIndex();
                boolean removed = compensate(taken, failed);
                // nothing of this batch stays: the positions before the refused document were emptied again, the
                // refused one is empty (unless another writer holds it), the ones after were never tried
                List<Long> empty = new ArrayList<>();
                for (int i = removed ? 0 : failed; i < taken.length; i++) {
                    if (i != failed || !isPositionConflict(error)) {
                        empty.add(taken[i]);
                    }
                }
                burnt.burn(empty);
                if (isPositionConflict(error) && attempt < MAX_POSITION_RETRIES) {
                    // the position is in use (the counter lost a reservation in a store crash): reserve fresh ones
                    log.warn("Position {} already taken; reserving fresh positions", taken[failed]);
                    continue;
                }
                handlePersistenceException(e, eventMessages.get(failed));
            } catch (MongoException e) {
                // unknown outcome: remove whatever of this batch got in, then fail
                compensate(taken, taken.length);
                handlePersistenceException(e, eventMessages.get(0));
            }
        }
    }

    /**
     * Without transactions a batch can be half inserted: an ordered insertMany stops at the first
     * failing document and keeps the ones before it. The first document of a batch can fail
     * without leaving anything behind; a later one can only fail on the first event of another
     * aggregate (a batch holds the events of at most a few aggregates, each contiguous), so those
     * keys are checked before inserting. What remains is a race with a concurrent writer between
     * this check and the insert: then the inserted head of the batch is deleted again
     * ({@link #compensate}) before the exception is thrown. In that window (milliseconds) a
     * tracking reader may already have delivered the deleted events; on the embedded single-node
     * store the window is only open to a concurrent writer of the same new aggregate.
     */
    private void precheckOtherStreams(List<? extends EventMessage<?>> eventMessages, List<Document> documents) {
        String firstAggregate = documents.get(0).getString("aggregateIdentifier");
        Map<String, Integer> firstKeys = new LinkedHashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Document document = documents.get(i);
            if (!firstAggregate.equals(document.getString("aggregateIdentifier"))) {
                firstKeys.putIfAbsent(document.getString("aggregateIdentifier"), i);
            }
        }
        if (firstKeys.isEmpty()) {
            return;
        }
        List<String> keys = firstKeys.values().stream()
                .map(i -> documents.get(i).getString("streamKey"))
                .toList();
        Document existing = events.find(Filters.in("streamKey", keys))
                .projection(Projections.include("streamKey"))
                .first();
        if (existing != null) {
            String key = existing.getString("streamKey");
            int index = firstKeys.values().stream()
                    .filter(i -> documents.get(i).getString("streamKey").equals(key))
                    .findFirst()
                    .orElse(0);
            handlePersistenceException(new DuplicateStreamKeyException(key), eventMessages.get(index));
        }
    }

    /** Sets {@code previousHash} and {@code hash} on each document of the batch, in order. */
    private void chain(List<Document> documents) {
        Map<String, String> wanted = new LinkedHashMap<>();
        Map<String, String> known = new HashMap<>();
        synchronized (chainCache) {
            for (Document document : documents) {
                long sequence = sequenceNumber(document);
                String aggregate = document.getString("aggregateIdentifier");
                String previousKey = streamKey(aggregate, sequence - 1);
                if (sequence == 0 || known.containsKey(previousKey)) {
                    known.put(document.getString("streamKey"), "");
                    continue;
                }
                ChainLink cached = chainCache.get(aggregate);
                if (cached != null && cached.sequenceNumber() == sequence - 1) {
                    known.put(previousKey, cached.hash());
                } else {
                    wanted.put(previousKey, aggregate);
                }
                known.put(document.getString("streamKey"), "");
            }
        }
        if (!wanted.isEmpty()) {
            events.find(Filters.in("streamKey", wanted.keySet()))
                    .projection(Projections.include("streamKey", "hash"))
                    .forEach(d -> known.put(d.getString("streamKey"), d.getString("hash")));
        }
        for (Document document : documents) {
            long sequence = sequenceNumber(document);
            String previous = sequence == 0
                    ? null
                    : known.get(streamKey(document.getString("aggregateIdentifier"), sequence - 1));
            hashChain.seal(document, previous);
            known.put(document.getString("streamKey"), document.getString("hash"));
        }
    }

    private void remember(List<Document> documents) {
        synchronized (chainCache) {
            for (Document document : documents) {
                chainCache.put(
                        document.getString("aggregateIdentifier"),
                        new ChainLink(sequenceNumber(document), document.getString("hash")));
            }
        }
    }

    private static long sequenceNumber(Document document) {
        return document.get("sequenceNumber", Number.class).longValue();
    }

    /** Deletes the first {@code insertedCount} events of the batch again; false when that failed. */
    private boolean compensate(long[] taken, int insertedCount) {
        if (insertedCount <= 0) {
            return true;
        }
        List<Long> inserted = Arrays.stream(taken, 0, insertedCount).boxed().toList();
        try {
            events.deleteMany(Filters.in("_id", inserted));
            return true;
        } catch (MongoException e) {
            log.error("Could not remove the partly inserted events at positions {}", inserted, e);
            return false;
        }
    }

    private static boolean isPositionConflict(BulkWriteError error) {
        return error.getCode() == MongoDuplicateKeyResolver.DUPLICATE_KEY
                && error.getMessage() != null
                && (error.getMessage().contains("index: _id_")
                        || error.getMessage().contains("_id_ dup key"));
    }

    private Document toDocument(EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        String aggregateIdentifier;
        long sequenceNumber;
        String type;
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            aggregateIdentifier = domainEvent.getAggregateIdentifier();
            sequenceNumber = domainEvent.getSequenceNumber();
            type = domainEvent.getType();
        } else {
            aggregateIdentifier = event.getIdentifier();
            sequenceNumber = 0L;
            type = null;
        }
        Document document = new Document()
                .append("streamKey", streamKey(aggregateIdentifier, sequenceNumber))
                .append("aggregateIdentifier", aggregateIdentifier)
                .append("sequenceNumber", sequenceNumber)
                .append("type", type)
                .append("eventIdentifier", event.getIdentifier())
                .append("timestamp", formatTimestamp(event.getTimestamp()))
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData())
                .append("metaData", metaData.getData());
        return document;
    }

    /** The unique key of an aggregate's event: {@code aggregateIdentifier + "#" + sequenceNumber}. */
    public static String streamKey(String aggregateIdentifier, long sequenceNumber) {
        return aggregateIdentifier + "#" + sequenceNumber;
    }

    static String formatTimestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    // ---------------------------------------------------------------- aggregate streams

    /**
     * Asks for the batch's keys in growing windows ({@value #FIRST_STREAM_WINDOW}, then 4x larger,
     * up to the batch size) and stops at the first window that comes back short: most streams are
     * a handful of events after their snapshot, and every key of an {@code $in} costs a look-up
     * on the embedded store (measured: 100 keys 30-140 ms, 1 key ~5 ms on a loaded machine), so
     * asking for a whole batch of 100 keys to find 3 events dominated the cost of a command.
     */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(
            String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        List<Document> found = new ArrayList<>();
        long next = firstSequenceNumber;
        int window = FIRST_STREAM_WINDOW;
        while (found.size() < batchSize) {
            int size = Math.min(window, batchSize - found.size());
            List<String> keys = new ArrayList<>(size);
            for (long seq = next; seq < next + size; seq++) {
                keys.add(streamKey(aggregateIdentifier, seq));
            }
            int before = found.size();
            events.find(Filters.in("streamKey", keys)).into(found);
            if (found.size() - before < size) {
                break; // the stream ends inside this window (sequence numbers have no holes)
            }
            next += size;
            window *= 4;
        }
        found.sort(Comparator.comparingLong(
                d -> d.get("sequenceNumber", Number.class).longValue()));
        return found.stream().map(MongoEventLogStorageEngine::toEntry).toList();
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        long start = snapshots
                .find(Filters.eq("_id", aggregateIdentifier))
                .projection(Projections.include("sequenceNumber"))
                .map(d -> d.get("sequenceNumber", Number.class).longValue())
                .into(new ArrayList<>())
                .stream()
                .findFirst()
                .orElse(0L);
        // galloping probes start, start+1, start+2, start+4, ...: one key look-up query
        List<Long> probes = new ArrayList<>();
        probes.add(start);
        for (long step = 1; step > 0 && step < (1L << 40); step <<= 1) {
            probes.add(start + step);
        }
        Set<Long> present = presentSequenceNumbers(aggregateIdentifier, probes);
        if (!present.contains(start)) {
            return start == 0 ? Optional.empty() : Optional.of(start);
        }
        long low = start; // present
        long high = -1; // absent
        for (long probe : probes) {
            if (present.contains(probe)) {
                low = probe;
            } else {
                high = probe;
                break;
            }
        }
        while (high - low > LAST_SEQUENCE_SCAN_LIMIT) {
            long middle = low + (high - low) / 2;
            if (presentSequenceNumbers(aggregateIdentifier, List.of(middle)).isEmpty()) {
                high = middle;
            } else {
                low = middle;
            }
        }
        List<Long> rest = new ArrayList<>();
        for (long seq = low + 1; seq < high; seq++) {
            rest.add(seq);
        }
        long last = low;
        for (long seq : presentSequenceNumbers(aggregateIdentifier, rest)) {
            last = Math.max(last, seq);
        }
        return Optional.of(last);
    }

    private Set<Long> presentSequenceNumbers(String aggregateIdentifier, Collection<Long> sequenceNumbers) {
        if (sequenceNumbers.isEmpty()) {
            return Set.of();
        }
        List<String> keys = sequenceNumbers.stream()
                .map(seq -> streamKey(aggregateIdentifier, seq))
                .toList();
        Set<Long> present = new HashSet<>();
        events.find(Filters.in("streamKey", keys))
                .projection(Projections.include("sequenceNumber"))
                .forEach(d -> present.add(d.get("sequenceNumber", Number.class).longValue()));
        return present;
    }

    // ---------------------------------------------------------------- the log

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        GapAwareTrackingToken token = asGapAwareToken(lastToken);
        long index = token.getIndex();
        SortedSet<Long> gaps = token.getGaps();

        Set<Long> keys = new TreeSet<>(gaps);
        if (!gaps.isEmpty()) {
            // the events right after each run of gaps and at the index tell how old the gaps are
            for (long gap : gaps) {
                if (!gaps.contains(gap + 1)) {
                    keys.add(gap + 1);
                }
            }
            keys.add(index);
        }
        long windowStart = index + 1;
        addWindow(keys, windowStart, batchSize);
        List<Document> found = findByPositions(keys);
        Long highWaterMark = null;
        while (found.stream().noneMatch(d -> isDeliverable(position(d), index, gaps))) {
            long windowEnd = windowStart + batchSize - 1;
            if (highWaterMark == null) {
                highWaterMark = positions.highWaterMark();
            }
            if (windowEnd >= highWaterMark) {
                return List.of();
            }
            // a whole window of reserved but empty positions: look beyond it
            windowStart = windowEnd + 1;
            keys = new TreeSet<>();
            addWindow(keys, windowStart, batchSize);
            found = findByPositions(keys);
        }

        long staleBelow = staleBelow(found);
        Set<Long> foundGaps = new HashSet<>();
        for (Document document : found) {
            if (gaps.contains(position(document))) {
                foundGaps.add(position(document));
            }
        }
        GapAwareTrackingToken running = withoutStaleGaps(token, staleBelow, foundGaps);
        List<TrackedEventData<?>> result = new ArrayList<>();
        for (Document document : found) {
            long position = position(document);
            if (!isDeliverable(position, index, gaps)) {
                continue;
            }
            running = withoutStaleGaps(running.advanceTo(position, maxGapOffset), staleBelow, Set.of());
            result.add(
                    document.getString("type") == null
                            ? new TrackedNonDomainEventData(running, toEntry(document))
                            : new TrackedDomainEventData<>(running, toEntry(document)));
        }
        return result;
    }

    private static boolean isDeliverable(long position, long index, SortedSet<Long> gaps) {
        return position > index || gaps.contains(position);
    }

    private static void addWindow(Set<Long> keys, long start, int size) {
        for (long position = start; position < start + size; position++) {
            keys.add(position);
        }
    }

    private List<Document> findByPositions(Collection<Long> positions) {
        List<Document> found = events.find(Filters.in("_id", positions)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(MongoEventLogStorageEngine::position));
        return found;
    }

    /** Gaps below the returned position are stale: an event after them was recorded too long ago. */
    private long staleBelow(List<Document> found) {
        long cutoff = clock.millis() - gapTimeoutMillis;
        long staleBelow = Long.MIN_VALUE;
        for (Document document : found) {
            Number recordedAt = document.get("recordedAt", Number.class);
            if (recordedAt != null && recordedAt.longValue() < cutoff) {
                staleBelow = Math.max(staleBelow, position(document));
            }
        }
        return staleBelow;
    }

    private static GapAwareTrackingToken withoutStaleGaps(
            GapAwareTrackingToken token, long staleBelow, Set<Long> keep) {
        if (!token.hasGaps() || token.getGaps().first() >= staleBelow) {
            return token;
        }
        List<Long> gaps = new ArrayList<>();
        for (long gap : token.getGaps()) {
            if (gap >= staleBelow || keep.contains(gap)) {
                gaps.add(gap);
            }
        }
        return GapAwareTrackingToken.newInstance(token.getIndex(), gaps);
    }

    private static GapAwareTrackingToken asGapAwareToken(TrackingToken token) {
        if (token == null) {
            return GapAwareTrackingToken.newInstance(0, List.of());
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware;
        }
        throw new IllegalArgumentException(
                "Unsupported token type " + token.getClass().getName() + "; this event log uses GapAwareTrackingToken");
    }

    @Override
    public TrackingToken createTailToken() {
        return GapAwareTrackingToken.newInstance(0, List.of());
    }

    /**
     * The position of the newest event, with the empty positions just below it as gaps (they may
     * be appends still in flight). Found by probing windows of keys down from the high-water mark.
     */
    @Override
    public TrackingToken createHeadToken() {
        long high = positions.highWaterMark();
        while (high > 0) {
            long low = Math.max(1, high - HEAD_PROBE_WINDOW + 1);
            Set<Long> keys = new TreeSet<>();
            addWindow(keys, low, (int) (high - low + 1));
            Set<Long> present = new TreeSet<>();
            events.find(Filters.in("_id", keys))
                    .projection(Projections.include("_id"))
                    .forEach(d -> present.add(position(d)));
            if (!present.isEmpty()) {
                long head = ((TreeSet<Long>) present).last();
                List<Long> gaps = new ArrayList<>();
                for (long position = low; position < head; position++) {
                    if (!present.contains(position)) {
                        gaps.add(position);
                    }
                }
                return GapAwareTrackingToken.newInstance(head, gaps);
            }
            high = low - 1;
        }
        return createTailToken();
    }

    /** Scans the log (rare): the token just before the first event at or after the given time. */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        long first = Long.MAX_VALUE;
        for (Document document : events.find(Filters.gte("timestamp", formatTimestamp(dateTime)))
                .projection(Projections.include("_id"))) {
            first = Math.min(first, position(document));
        }
        if (first == Long.MAX_VALUE) {
            return createHeadToken();
        }
        return GapAwareTrackingToken.newInstance(first - 1, List.of());
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        Document document = toDocument(snapshot, serializer);
        document.remove("streamKey");
        document.put("_id", snapshot.getAggregateIdentifier());
        synchronized (snapshotLock) {
            Document current = snapshots
                    .find(Filters.eq("_id", snapshot.getAggregateIdentifier()))
                    .projection(Projections.include("sequenceNumber"))
                    .first();
            if (current != null
                    && current.get("sequenceNumber", Number.class).longValue() > snapshot.getSequenceNumber()) {
                return;
            }
            snapshots.replaceOne(
                    Filters.eq("_id", snapshot.getAggregateIdentifier()), document, new ReplaceOptions().upsert(true));
        }
    }

    /**
     * Skips the snapshot look-up (a round trip) for a short stream this node appended to: when
     * its newest known event is within the first two key windows of {@link #fetchDomainEvents},
     * reading the stream from the start costs no more round trips than reading after a snapshot.
     * Correct whatever the snapshots hold, since the log keeps every event.
     */
    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        ChainLink newest;
        synchronized (chainCache) {
            newest = chainCache.get(aggregateIdentifier);
        }
        if (newest != null && newest.sequenceNumber() < SHORT_STREAM) {
            return Stream.empty();
        }
        Document snapshot =
                snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(toEntry(snapshot));
    }

    // ---------------------------------------------------------------- mapping

    private static long position(Document document) {
        return document.get("_id", Number.class).longValue();
    }

    private static GenericDomainEventEntry<String> toEntry(Document document) {
        return new GenericDomainEventEntry<>(
                document.getString("type"),
                document.getString("aggregateIdentifier"),
                document.get("sequenceNumber", Number.class).longValue(),
                document.getString("eventIdentifier"),
                document.getString("timestamp"),
                document.getString("payloadType"),
                document.getString("payloadRevision"),
                document.getString("payload"),
                document.getString("metaData"));
    }

    /**
     * Builds the engine. Required: {@link #database(MongoDatabase)}, the serializers. Defaults:
     * duplicate keys resolved by {@link MongoDuplicateKeyResolver},
     * batch size 100, gap timeout 60 s, max gap offset 10,000, system UTC clock.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private Clock clock = Clock.systemUTC();
        private Duration gapTimeout = Duration.ofSeconds(60);
        private boolean soleAppender;
        private int maxGapOffset = 10_000;
        private HashChain hashChain = HashChain.unkeyed();
        private MeterRegistry meterRegistry = new CompositeMeterRegistry();

        protected Builder() {
            persistenceExceptionResolver(new MongoDuplicateKeyResolver());
        }

        public Builder database(MongoDatabase database) {
            this.database = requireNonNull(database, "database");
            return this;
        }

        /** Where {@value #APPEND_TIMER} is registered (default: nowhere). */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        /** How new events are hashed: plain SHA-256 (the default) or keyed ({@link HashChain}). */
        public Builder hashChain(HashChain hashChain) {
            this.hashChain = requireNonNull(hashChain, "hashChain");
            return this;
        }

        /** Clock for {@code recordedAt} and gap ageing. */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock");
            return this;
        }

        /** How long a gap waits for its append before readers give it up. */
        /**
         * Whether this engine is the only process that appends to the log (the standalone engine on its embedded
         * store): then positions a previous process reserved and left empty are recorded as such at start-up
         * ({@link BurntPositions}), so readers need not wait the gap timeout for them.
         */
        public Builder soleAppender(boolean soleAppender) {
            this.soleAppender = soleAppender;
            return this;
        }

        public Builder gapTimeout(Duration gapTimeout) {
            this.gapTimeout = requireNonNull(gapTimeout, "gapTimeout");
            return this;
        }

        /** How far behind the newest read position a gap may fall before it is forgotten. */
        public Builder maxGapOffset(int maxGapOffset) {
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(Predicate<List<? extends DomainEventData<?>>> predicate) {
            super.finalAggregateBatchPredicate(predicate);
            return this;
        }

        public MongoEventLogStorageEngine build() {
            validate();
            return new MongoEventLogStorageEngine(this);
        }

        @Override
        protected void validate() {
            super.validate();
            requireNonNull(database, "The MongoDatabase of the event log is required");
            if (maxGapOffset < 1) {
                throw new IllegalArgumentException("maxGapOffset must be positive");
            }
        }
    }
}
