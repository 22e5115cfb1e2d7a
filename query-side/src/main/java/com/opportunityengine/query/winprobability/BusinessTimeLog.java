package com.opportunityengine.query.winprobability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.result.UpdateResult;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import org.bson.Document;

/**
 * The compact read model the learner is trained from: the events that matter to it (creation, stage moves, detail
 * changes, contacts, loss, conversion, reopening), stripped of text and personal data, filed by business time.
 *
 * <p>Why: the event log is in record order, but imports land late with old {@code occurredAt}, and the learner wants
 * business-time order. Events are filed in one document per business hour (collection {@code qv_wp_hours},
 * {@code _id} = hours since the epoch, {@code events} = the entries, added with {@code $addToSet} so a redelivered
 * event changes nothing). Reading "everything up to t in business-time order" walks the known hours in ascending
 * order, reads each by its key (never a range scan or a sort in the store) and sorts that one hour in memory by
 * (occurredAt, opportunity, sequence). Cost: a read holds one hour of events in memory at a time; the hour ids
 * (one long per non-empty hour, about 90k for ten busy years) are kept in memory; a write rewrites one hour's
 * document, so an hour with very many events grows expensive to append to (fine for sales traffic, documented).
 */
final class BusinessTimeLog {

    static final String HOURS = "qv_wp_hours";
    private static final long HOUR_MS = 3_600_000L;

    private static final Map<String, Class<? extends OpportunityEvent>> TYPES = Map.of(
            "OpportunityCreated", OpportunityCreated.class,
            "StageChanged", StageChanged.class,
            "OpportunityDetailsUpdated", OpportunityDetailsUpdated.class,
            "ContactLogged", ContactLogged.class,
            "OpportunityLost", OpportunityLost.class,
            "OpportunityConverted", OpportunityConverted.class,
            "OpportunityReopened", OpportunityReopened.class);

    private static final Comparator<Document> BUSINESS_ORDER = Comparator
            .comparing((Document d) -> d.getDate("at"))
            .thenComparing(d -> d.getString("o"))
            .thenComparingLong(d -> ((Number) d.get("s")).longValue());

    private final MongoCollection<Document> hours;
    private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private volatile NavigableSet<Long> knownHours;

    BusinessTimeLog(MongoDatabase database) {
        this.hours = database.getCollection(HOURS);
    }

    /** True when the event is one the learner reads. */
    static boolean relevant(OpportunityEvent event) {
        return TYPES.containsKey(event.getClass().getSimpleName());
    }

    /**
     * Files an event (idempotent by opportunity and sequence).
     *
     * @return true when it was new, false when it had been filed before
     */
    boolean append(OpportunityEvent event, long sequence) {
        long hour = Math.floorDiv(event.occurredAt().toEpochMilli(), HOUR_MS);
        Document entry = new Document("o", event.opportunityId().toString()).append("s", sequence)
                .append("at", Date.from(event.occurredAt()))
                .append("t", event.getClass().getSimpleName())
                .append("e", Document.parse(encode(stripped(event))));
        UpdateResult result = hours.updateOne(new Document("_id", hour),
                new Document("$addToSet", new Document("events", entry)), new UpdateOptions().upsert(true));
        hours().add(hour);
        return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
    }

    /** The filed events with occurredAt ≤ {@code upTo} (all when null), in business-time order, read lazily. */
    Iterable<OpportunityEvent> inBusinessOrder(Instant upTo) {
        NavigableSet<Long> range = upTo == null ? hours()
                : hours().headSet(Math.floorDiv(upTo.toEpochMilli(), HOUR_MS), true);
        List<Long> keys = List.copyOf(range);
        return () -> new Iterator<>() {
            private int nextHour;
            private final List<OpportunityEvent> batch = new ArrayList<>();
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= batch.size() && nextHour < keys.size()) {
                    load(keys.get(nextHour++));
                }
                return index < batch.size();
            }

            @Override
            public OpportunityEvent next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.get(index++);
            }

            private void load(long hour) {
                batch.clear();
                index = 0;
                Document document = hours.find(new Document("_id", hour)).first();
                if (document == null) {
                    return;
                }
                List<Document> entries = new ArrayList<>(document.getList("events", Document.class));
                entries.sort(BUSINESS_ORDER);
                for (Document entry : entries) {
                    OpportunityEvent event = decode(entry);
                    if (upTo == null || !event.occurredAt().isAfter(upTo)) {
                        batch.add(event);
                    }
                }
            }
        };
    }

    /** Forgets everything (a replay files it again). */
    void clear() {
        hours.deleteMany(new Document());
        knownHours = new ConcurrentSkipListSet<>();
    }

    private NavigableSet<Long> hours() {
        NavigableSet<Long> known = knownHours;
        if (known == null) {
            synchronized (this) {
                if (knownHours == null) {
                    NavigableSet<Long> loaded = new ConcurrentSkipListSet<>();
                    for (Document d : hours.find().projection(new Document("_id", 1))) {
                        loaded.add(((Number) d.get("_id")).longValue());
                    }
                    knownHours = loaded;
                }
                known = knownHours;
            }
        }
        return known;
    }

    /** Only what the learner reads: no titles, descriptions, summaries, reasons, people or documents. */
    static OpportunityEvent stripped(OpportunityEvent event) {
        if (event instanceof OpportunityCreated e) {
            return new OpportunityCreated(e.opportunityId(), null, null, null, e.source(), e.amount(),
                    e.expectedCloseDate(), null, e.pipeline(), e.stage(), e.stageOrder(), List.of(), e.occurredAt());
        }
        if (event instanceof StageChanged e) {
            return new StageChanged(e.opportunityId(), e.pipeline(), e.fromStage(), e.fromOrder(), e.toStage(),
                    e.toOrder(), e.direction(), null, e.occurredAt());
        }
        if (event instanceof OpportunityDetailsUpdated e) {
            return new OpportunityDetailsUpdated(e.opportunityId(), null, null, e.amount(), e.expectedCloseDate(),
                    e.source(), null, e.occurredAt());
        }
        if (event instanceof ContactLogged e) {
            return new ContactLogged(e.opportunityId(), null, null, null, null, null, null, e.occurredAt(), null);
        }
        if (event instanceof OpportunityLost e) {
            return new OpportunityLost(e.opportunityId(), null, null, e.stage(), e.stageOrder(), e.occurredAt());
        }
        if (event instanceof OpportunityConverted e) {
            return new OpportunityConverted(e.opportunityId(), null, null, null, e.stage(), e.stageOrder(),
                    List.of(), List.of(), e.occurredAt());
        }
        if (event instanceof OpportunityReopened e) {
            return new OpportunityReopened(e.opportunityId(), null, e.stage(), e.stageOrder(), e.occurredAt());
        }
        throw new IllegalArgumentException("not an event the learner reads: " + event.getClass().getSimpleName());
    }

    private String encode(OpportunityEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private OpportunityEvent decode(Document entry) {
        Class<? extends OpportunityEvent> type = TYPES.get(entry.getString("t"));
        try {
            return json.readValue(entry.get("e", Document.class).toJson(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable win-probability entry " + entry.getString("o") + ":"
                    + entry.get("s"), e);
        }
    }
}
