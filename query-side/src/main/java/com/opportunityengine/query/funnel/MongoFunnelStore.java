package com.opportunityengine.query.funnel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.events.opportunity.OpportunityStatus;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * The funnel read model in MongoDB. Collections (every read is by {@code _id}, so no secondary index is
 * needed; on the embedded server only unique keys are used for look-ups anyway):
 * <ul>
 *   <li>{@code qv_funnel_opportunities}: one document per opportunity, its {@link FunnelState} and the
 *       last applied aggregate sequence ({@code seq});</li>
 *   <li>{@code qv_funnel_deltas}: {@code _id = pipeline/cohortUnit/bucket/owner} (owner or {@code *}),
 *       top-level fields {@code <source>|<counter>} summed with {@code $inc} (every source: their sum);</li>
 *   <li>{@code qv_funnel_hour_lists}: {@code _id = pipeline/cohortUnit/L<day>T<hh>:<mm>:<ss>}, {@code e: [{at, ns, cell, d}]}
 *       one entry per event and cell, for the exact asOf inside an hour;</li>
 *   <li>{@code qv_funnel_meta}: {@code _id = pipeline}, first and last cohort day, latest business instant (a fixed-width string).</li>
 * </ul>
 * Writes go through {@link BatchedWrites}: within a processor batch an event's 20-odd writes are coalesced
 * with the other events' and flushed as one bulk write per collection at the batch's end.
 */
@Component
final class MongoFunnelStore implements FunnelStore {

    static final String STATES = "qv_funnel_opportunities";
    static final String DELTAS = "qv_funnel_deltas";
    static final String LISTS = "qv_funnel_hour_lists";
    static final String META = "qv_funnel_meta";
    static final String CELL_SEPARATOR = "|";

    /** Fixed-width ISO instants (nanoseconds included) compare like the instants themselves. */
    static final DateTimeFormatter INSTANT_KEY =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final BatchedWrites writes;
    private final MongoCollection<Document> deltas;
    private final MongoCollection<Document> lists;
    private final MongoCollection<Document> meta;

    MongoFunnelStore(@ReadModels MongoDatabase database) {
        // deltas before the state: a failure in between re-applies deltas on redelivery rather than losing them
        this.writes = new BatchedWrites(database, DELTAS, LISTS, META, STATES);
        this.deltas = database.getCollection(DELTAS);
        this.lists = database.getCollection(LISTS);
        this.meta = database.getCollection(META);
    }

    @Override
    public Optional<StoredState> state(String opportunityId) {
        return writes.find(STATES, opportunityId).map(doc -> new StoredState(doc.getLong("seq"), fromDocument(doc)));
    }

    @Override
    public void record(String opportunityId, long sequence, FunnelState state, FunnelChange change) {
        Changes changes = new Changes();
        FunnelKeys.increments(change)
                .forEach((id, cells) -> cells.forEach((source, counters) -> counters.asMap()
                        .forEach((name, value) -> changes.inc(DELTAS, id, field(source, name), value))));
        List<Document> entries = new ArrayList<>();
        Date at = Date.from(change.occurredAt());
        for (CellDelta delta : change.deltas()) {
            entries.add(new Document("at", at)
                    .append("ns", change.occurredAt().getNano())
                    .append("cell", delta.cell().key())
                    .append("d", new Document(delta.counters().asMap())));
        }
        for (String id : FunnelKeys.listIds(change)) {
            changes.push(LISTS, id, "e", entries);
        }
        String cohort = change.cohortDay().toString();
        changes.min(META, change.pipeline(), "minCohort", cohort)
                .max(META, change.pipeline(), "maxCohort", cohort)
                .max(META, change.pipeline(), "maxAt", INSTANT_KEY.format(change.occurredAt()));
        writes.write(changes.replace(STATES, opportunityId, toDocument(opportunityId, sequence, state)));
    }

    @Override
    public void saveState(String opportunityId, long sequence, FunnelState state) {
        writes.write(new Changes().replace(STATES, opportunityId, toDocument(opportunityId, sequence, state)));
    }

    @Override
    public Optional<FunnelMeta> meta(String pipeline) {
        Document doc = meta.find(Filters.eq("_id", pipeline)).first();
        if (doc == null) {
            return Optional.empty();
        }
        return Optional.of(new FunnelMeta(
                LocalDate.parse(doc.getString("minCohort")),
                LocalDate.parse(doc.getString("maxCohort")),
                Instant.parse(doc.getString("maxAt"))));
    }

    @Override
    public List<Counters> sums(Collection<String> ids, String sourceKey) {
        boolean everySource = FunnelCell.ALL.equals(sourceKey);
        String prefix = sourceKey + CELL_SEPARATOR;
        List<Counters> found = new ArrayList<>();
        for (Document doc : deltas.find(Filters.in("_id", ids))) {
            Counters cell = new Counters();
            boolean filed = false;
            for (var field : doc.entrySet()) {
                String name = field.getKey();
                int separator = name.indexOf(CELL_SEPARATOR); // none in _id
                if (separator >= 0 && (everySource || name.startsWith(prefix))) {
                    cell.add(name.substring(separator + 1), ((Number) field.getValue()).longValue());
                    filed = true;
                }
            }
            if (filed) {
                found.add(cell);
            }
        }
        return found;
    }

    /**
     * A counter's field in a delta document: {@code <source>|<counter>}, at the top level. The embedded
     * server applies an update to a dotted path (such as {@code c.<source>.<counter>}) by splitting and
     * re-joining it and matching it against regular expressions compiled on every call, which was about a
     * third of its time under the funnel's 200-odd increments per event; a top-level field skips all of
     * that. The source key is percent-encoded, so it holds neither '|' nor '.'.
     */
    static String field(String sourceKey, String counter) {
        return sourceKey + CELL_SEPARATOR + counter;
    }

    @Override
    public List<ListedDelta> listed(Collection<String> ids) {
        List<ListedDelta> found = new ArrayList<>();
        for (Document doc : lists.find(Filters.in("_id", ids))) {
            for (Document e : doc.getList("e", Document.class, List.of())) {
                Instant at =
                        Instant.ofEpochSecond(Math.floorDiv(e.getDate("at").getTime(), 1000L), e.getInteger("ns", 0));
                found.add(new ListedDelta(
                        at, FunnelCell.fromKey(e.getString("cell")), counters(e.get("d", Document.class))));
            }
        }
        return found;
    }

    @Override
    public void clear() {
        writes.clear();
    }

    private static Counters counters(Document doc) {
        Counters c = new Counters();
        doc.forEach((name, value) -> c.add(name, ((Number) value).longValue()));
        return c;
    }

    private static Document toDocument(String id, long sequence, FunnelState s) {
        return new Document("_id", id)
                .append("seq", sequence)
                .append("pipeline", s.pipeline)
                .append("createdAt", date(s.createdAt))
                .append("owner", s.owner)
                .append("source", s.source)
                .append("status", s.status == null ? null : s.status.name())
                .append("currentOrder", s.currentOrder)
                .append("highestOrder", s.highestOrder)
                .append("stageEnteredAt", date(s.stageEnteredAt))
                .append("closedAt", date(s.closedAt))
                .append("expectedCloseDate", s.expectedCloseDate == null ? null : s.expectedCloseDate.toString())
                .append("history", new Document(s.history.asMap()));
    }

    private static FunnelState fromDocument(Document doc) {
        FunnelState s = new FunnelState();
        s.pipeline = doc.getString("pipeline");
        s.createdAt = instant(doc.getString("createdAt"));
        s.owner = doc.getString("owner");
        s.source = doc.getString("source");
        s.status = doc.getString("status") == null ? null : OpportunityStatus.valueOf(doc.getString("status"));
        s.currentOrder = doc.getInteger("currentOrder", 0);
        s.highestOrder = doc.getInteger("highestOrder", 0);
        s.stageEnteredAt = instant(doc.getString("stageEnteredAt"));
        s.closedAt = instant(doc.getString("closedAt"));
        String closeDate = doc.getString("expectedCloseDate");
        s.expectedCloseDate = closeDate == null ? null : LocalDate.parse(closeDate);
        s.history = counters(doc.get("history", Document.class));
        return s;
    }

    /** State instants are kept as ISO strings: a BSON date would cut them to milliseconds. */
    private static String date(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
