package com.opportunityengine.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Positions of the event log known to stay empty for good, so that a reader walking the log in position order (the
 * audit head and export) steps over them at once instead of waiting the gap timeout for a late append. Two kinds:
 * <ul>
 *   <li><b>burnt</b>: an append reserved them and its insert was refused (its stream key was taken, or it lost its
 *       position to another writer), so nothing was inserted there (an ordered insert stops at the refused document,
 *       and the documents before it were deleted again);
 *   <li><b>abandoned</b>: reserved by a previous process of the only appender of the log (the standalone engine on
 *       its embedded store, which no other process appends to) and still empty when the next process starts, before
 *       it appends anything itself.
 * </ul>
 * A position is only ever written here when no append can still fill it. Losing such a record (written {@code w:1})
 * only brings back the wait for the gap timeout. Collection {@value #COLLECTION}, {@code _id} = the position.
 */
public final class BurntPositions {

    public static final String COLLECTION = "event_log_burnt";
    private static final Logger log = LoggerFactory.getLogger(BurntPositions.class);
    private static final int WINDOW = 500;
    /** At most this many positions below the high-water mark are looked at for abandoned ones at start-up. */
    private static final int ABANDONED_SCAN_LIMIT = 100 * WINDOW;

    private final MongoCollection<Document> burnt;

    public BurntPositions(MongoDatabase database) {
        this.burnt = database.getCollection(COLLECTION).withWriteConcern(WriteConcern.W1);
    }

    /** Records positions that no append can fill any more; a failure to record them is logged, not thrown. */
    void burn(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return;
        }
        List<Document> documents = new ArrayList<>(positions.size());
        for (long position : positions) {
            documents.add(new Document("_id", position));
        }
        try {
            burnt.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // already recorded: fine
        } catch (MongoException e) {
            log.warn("Could not record the empty positions {}; readers wait the gap timeout for them", positions, e);
        }
    }

    /** The positions of {@code from..to} (both included) recorded as burnt or abandoned. */
    public Set<Long> in(long from, long to) {
        Set<Long> found = new HashSet<>();
        if (to < from) {
            return found;
        }
        burnt.find(Filters.and(Filters.gte("_id", from), Filters.lte("_id", to)))
                .projection(Projections.include("_id"))
                .forEach(d -> found.add(d.get("_id", Number.class).longValue()));
        return found;
    }

    /** Whether every position of {@code from..to} (both included) is recorded here. */
    public boolean all(long from, long to) {
        return to < from || in(from, to).size() == to - from + 1;
    }

    /**
     * Records as abandoned the empty positions at the top of the log, from the high-water mark down to the first
     * stretch recorded longer than {@code gapTimeoutMillis} before {@code nowMillis} (older gaps are given up by the
     * readers anyway). Only for the log's sole appender, before its first append.
     *
     * @return how many positions were recorded
     */
    long abandonUnused(EventLogReader reader, long nowMillis, long gapTimeoutMillis) {
        long high = reader.highWaterMark();
        long floor = Math.max(1, high - ABANDONED_SCAN_LIMIT + 1);
        List<Long> abandoned = new ArrayList<>();
        for (long to = high; to >= floor; to -= WINDOW) {
            long from = Math.max(floor, to - WINDOW + 1);
            Set<Long> present = new HashSet<>();
            boolean old = false;
            for (StoredEvent event : reader.positionsAndRecordTimes(from, to)) {
                present.add(event.position());
                Long recordedAt = event.recordedAt();
                old |= recordedAt != null && recordedAt < nowMillis - gapTimeoutMillis;
            }
            for (long position = from; position <= to; position++) {
                if (!present.contains(position)) {
                    abandoned.add(position);
                }
            }
            if (old) {
                break;
            }
        }
        burn(abandoned);
        if (!abandoned.isEmpty()) {
            log.info(
                    "{} positions reserved by a previous process stay empty; readers step over them", abandoned.size());
        }
        return abandoned.size();
    }
}
