package com.opportunityengine.query.winprobability;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.opportunityengine.events.opportunity.ContactLogged;
import com.opportunityengine.events.opportunity.ForecastUpdated;
import com.opportunityengine.events.opportunity.OpportunityConverted;
import com.opportunityengine.events.opportunity.OpportunityCreated;
import com.opportunityengine.events.opportunity.OpportunityDetailsUpdated;
import com.opportunityengine.events.opportunity.OpportunityEvent;
import com.opportunityengine.events.opportunity.OpportunityLost;
import com.opportunityengine.events.opportunity.OpportunityReopened;
import com.opportunityengine.events.opportunity.StageChanged;
import com.opportunityengine.store.ReadModels;
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
import org.springframework.stereotype.Component;

/**
 * The compact read model the learner is trained from: the events that matter to it (creation, stage moves, detail
 * changes, forecasts a person set, contacts, loss, conversion, reopening), stripped of text and personal data, filed
 * by business time.
 *
 * <p>Why: the event log is in record order, but imports land late with old {@code occurredAt}, and the learner wants
 * business-time order. Events are filed in one document per business second (collection {@code qv_wp_seconds},
 * {@code _id} = seconds since the epoch, {@code events} = the entries, added with {@code $addToSet} so a redelivered
 * event changes nothing). Reading "everything up to t in business-time order" walks the known seconds in ascending
 * order, reads them by key, {@value #READ_KEYS} at a time (never a range scan or a sort in the store) and sorts those
 * entries in memory by (occurredAt, opportunity, sequence). Cost: a read holds {@value #READ_KEYS} seconds of events
 * in memory at a time; the second ids (one long per second in which something happened) are kept in memory; a write
 * rewrites one second's document. Until 2026-11-28 the documents were per hour: in a busy hour every live event was
 * added to the same growing document, whose {@code $addToSet} compared and rewrote all of it each time.
 */
@Component
final class BusinessTimeLogStore {

    static final String SECONDS = "qv_wp_seconds";
    /** One document, {@code _id} {@value #REVISION_ID}: raised after every batch that filed something new. */
    static final String META = "qv_wp_meta";

    private static final String REVISION_ID = "revision";
    static final int READ_KEYS = 100;

    private static final Map<String, Class<? extends OpportunityEvent>> TYPES = Map.of(
            "OpportunityCreated", OpportunityCreated.class,
            "StageChanged", StageChanged.class,
            "OpportunityDetailsUpdated", OpportunityDetailsUpdated.class,
            "ContactLogged", ContactLogged.class,
            "ForecastUpdated", ForecastUpdated.class,
            "OpportunityLost", OpportunityLost.class,
            "OpportunityConverted", OpportunityConverted.class,
            "OpportunityReopened", OpportunityReopened.class);

    private static final Comparator<Document> BUSINESS_ORDER = Comparator.comparing((Document d) -> d.getDate("at"))
            .thenComparing(d -> d.getString("o"))
            .thenComparingLong(d -> ((Number) d.get("s")).longValue());

    private final MongoCollection<Document> seconds;
    private final MongoCollection<Document> meta;
    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private volatile NavigableSet<Long> knownSeconds;

    BusinessTimeLogStore(@ReadModels MongoDatabase database) {
        this.seconds = database.getCollection(SECONDS);
        this.meta = database.getCollection(META);
    }

    /**
     * The log's revision: raised by the node that files events after each batch that filed something new, so that the
     * other query nodes (which learn nothing from the processor, whose one segment another node holds) know when to
     * read the log again. Never goes back, not even when the log is cleared.
     */
    long revision() {
        Document revision = meta.find(Filters.eq("_id", REVISION_ID)).first();
        return revision == null ? 0 : revision.get("value", Number.class).longValue();
    }

    /** Raises the revision and returns the new one. */
    long raiseRevision() {
        Document after = meta.findOneAndUpdate(
                Filters.eq("_id", REVISION_ID),
                Updates.inc("value", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return after.get("value", Number.class).longValue();
    }

    /** Forgets the seconds known in memory, so that the next read lists them again (another node filed some). */
    void forgetKnownSeconds() {
        knownSeconds = null;
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
        long second = event.occurredAt().getEpochSecond();
        Document entry = new Document("o", event.opportunityId().toString())
                .append("s", sequence)
                .append("at", Date.from(event.occurredAt()))
                .append("t", event.getClass().getSimpleName())
                .append("e", Document.parse(encode(stripped(event))));
        UpdateResult result = seconds.updateOne(
                new Document("_id", second),
                new Document("$addToSet", new Document("events", entry)),
                new UpdateOptions().upsert(true));
        seconds().add(second);
        return result.getModifiedCount() > 0 || result.getUpsertedId() != null;
    }

    /** The filed events with occurredAt ≤ {@code upTo} (all when null), in business-time order, read lazily. */
    Iterable<OpportunityEvent> inBusinessOrder(Instant upTo) {
        NavigableSet<Long> range = upTo == null ? seconds() : seconds().headSet(upTo.getEpochSecond(), true);
        List<Long> keys = List.copyOf(range);
        return () -> new Iterator<>() {
            private int nextKey;
            private final List<OpportunityEvent> batch = new ArrayList<>();
            private int index;

            @Override
            public boolean hasNext() {
                while (index >= batch.size() && nextKey < keys.size()) {
                    int end = Math.min(nextKey + READ_KEYS, keys.size());
                    load(keys.subList(nextKey, end));
                    nextKey = end;
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

            /** Seconds in ascending order: sorting their entries keeps the whole walk in business order. */
            private void load(List<Long> ids) {
                batch.clear();
                index = 0;
                List<Document> entries = new ArrayList<>();
                for (Document document : seconds.find(Filters.in("_id", ids))) {
                    entries.addAll(document.getList("events", Document.class));
                }
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
        seconds.deleteMany(new Document());
        knownSeconds = new ConcurrentSkipListSet<>();
        raiseRevision();
    }

    private NavigableSet<Long> seconds() {
        NavigableSet<Long> known = knownSeconds;
        if (known == null) {
            synchronized (this) {
                if (knownSeconds == null) {
                    NavigableSet<Long> loaded = new ConcurrentSkipListSet<>();
                    for (Document d : seconds.find().projection(new Document("_id", 1))) {
                        loaded.add(((Number) d.get("_id")).longValue());
                    }
                    knownSeconds = loaded;
                }
                known = knownSeconds;
            }
        }
        return known;
    }

    /** Only what the learner reads: no titles, descriptions, summaries, reasons, people or documents. */
    static OpportunityEvent stripped(OpportunityEvent event) {
        if (event instanceof OpportunityCreated e) {
            return new OpportunityCreated(
                    e.opportunityId(),
                    null,
                    null,
                    null,
                    e.source(),
                    e.amount(),
                    e.expectedCloseDate(),
                    null,
                    e.pipeline(),
                    e.stage(),
                    e.stageOrder(),
                    List.of(),
                    e.occurredAt());
        }
        if (event instanceof StageChanged e) {
            return new StageChanged(
                    e.opportunityId(),
                    e.pipeline(),
                    e.fromStage(),
                    e.fromOrder(),
                    e.toStage(),
                    e.toOrder(),
                    e.direction(),
                    null,
                    e.occurredAt());
        }
        if (event instanceof OpportunityDetailsUpdated e) {
            return new OpportunityDetailsUpdated(
                    e.opportunityId(), null, null, e.amount(), e.expectedCloseDate(), e.source(), null, e.occurredAt());
        }
        if (event instanceof ContactLogged e) {
            return new ContactLogged(e.opportunityId(), null, null, null, null, null, null, e.occurredAt(), null);
        }
        if (event instanceof ForecastUpdated e) {
            return e;
        }
        if (event instanceof OpportunityLost e) {
            return new OpportunityLost(e.opportunityId(), null, null, e.stage(), e.stageOrder(), e.occurredAt());
        }
        if (event instanceof OpportunityConverted e) {
            return new OpportunityConverted(
                    e.opportunityId(),
                    null,
                    null,
                    null,
                    e.stage(),
                    e.stageOrder(),
                    List.of(),
                    List.of(),
                    e.occurredAt());
        }
        if (event instanceof OpportunityReopened e) {
            return new OpportunityReopened(e.opportunityId(), null, e.stage(), e.stageOrder(), e.occurredAt());
        }
        throw new IllegalArgumentException(
                "not an event the learner reads: " + event.getClass().getSimpleName());
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
            throw new IllegalStateException(
                    "unreadable win-probability entry " + entry.getString("o") + ":" + entry.get("s"), e);
        }
    }
}
