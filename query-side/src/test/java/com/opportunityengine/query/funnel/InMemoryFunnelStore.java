package com.opportunityengine.query.funnel;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The funnel store in maps, for the unit tests of the arithmetic. */
final class InMemoryFunnelStore implements FunnelStore {

    private final Map<String, StoredState> states = new HashMap<>();
    private final Map<String, Map<String, Counters>> sums = new HashMap<>();
    private final Map<String, List<ListedDelta>> lists = new HashMap<>();
    private final Map<String, FunnelMeta> metas = new HashMap<>();

    @Override
    public Optional<StoredState> state(String opportunityId) {
        StoredState s = states.get(opportunityId);
        return s == null
                ? Optional.empty()
                : Optional.of(new StoredState(s.sequence(), s.state().copy()));
    }

    @Override
    public void record(String opportunityId, long sequence, FunnelState state, FunnelChange change) {
        FunnelKeys.increments(change).forEach((id, cells) -> {
            Map<String, Counters> doc = sums.computeIfAbsent(id, k -> new LinkedHashMap<>());
            cells.forEach((source, counters) ->
                    doc.computeIfAbsent(source, k -> new Counters()).addAll(counters));
        });
        for (String id : FunnelKeys.listIds(change)) {
            for (CellDelta d : change.deltas()) {
                lists.computeIfAbsent(id, k -> new ArrayList<>())
                        .add(new ListedDelta(
                                change.occurredAt(), d.cell(), d.counters().copy()));
            }
        }
        FunnelMeta m = metas.get(change.pipeline());
        Instant at = change.occurredAt();
        metas.put(
                change.pipeline(),
                m == null
                        ? new FunnelMeta(change.cohortDay(), change.cohortDay(), at)
                        : new FunnelMeta(
                                m.minCohortDay().isBefore(change.cohortDay()) ? m.minCohortDay() : change.cohortDay(),
                                m.maxCohortDay().isAfter(change.cohortDay()) ? m.maxCohortDay() : change.cohortDay(),
                                m.maxOccurredAt().isAfter(at) ? m.maxOccurredAt() : at));
        saveState(opportunityId, sequence, state);
    }

    @Override
    public void saveState(String opportunityId, long sequence, FunnelState state) {
        states.put(opportunityId, new StoredState(sequence, state.copy()));
    }

    @Override
    public Optional<FunnelMeta> meta(String pipeline) {
        return Optional.ofNullable(metas.get(pipeline));
    }

    @Override
    public List<Counters> sums(Collection<String> ids, String sourceKey) {
        List<Counters> found = new ArrayList<>();
        for (String id : ids) {
            Map<String, Counters> cells = sums.get(id);
            if (cells == null) {
                continue;
            }
            if (FunnelCell.ALL.equals(sourceKey)) {
                Counters total = new Counters();
                cells.values().forEach(total::addAll);
                found.add(total);
            } else if (cells.containsKey(sourceKey)) {
                found.add(cells.get(sourceKey));
            }
        }
        return found;
    }

    @Override
    public List<ListedDelta> listed(Collection<String> ids) {
        List<ListedDelta> found = new ArrayList<>();
        for (String id : ids) {
            found.addAll(lists.getOrDefault(id, List.of()));
        }
        return found;
    }

    /** Writes everything held here into MongoDB in the layout of {@link MongoFunnelStore} (bulk load for measurements). */
    void copyTo(com.mongodb.client.MongoDatabase database) {
        List<org.bson.Document> docs = new ArrayList<>();
        sums.forEach((id, cells) -> {
            org.bson.Document doc = new org.bson.Document("_id", id);
            cells.forEach((source, counters) ->
                    counters.asMap().forEach((name, value) -> doc.append(MongoFunnelStore.field(source, name), value)));
            docs.add(doc);
        });
        insert(database.getCollection(MongoFunnelStore.DELTAS), docs);
        List<org.bson.Document> listDocs = new ArrayList<>();
        lists.forEach((id, entries) -> listDocs.add(new org.bson.Document("_id", id)
                .append(
                        "e",
                        entries.stream()
                                .map(e -> new org.bson.Document("at", java.util.Date.from(e.occurredAt()))
                                        .append("ns", e.occurredAt().getNano())
                                        .append("cell", e.cell().key())
                                        .append(
                                                "d",
                                                new org.bson.Document(
                                                        e.counters().asMap())))
                                .toList())));
        insert(database.getCollection(MongoFunnelStore.LISTS), listDocs);
        metas.forEach((pipeline, m) -> database.getCollection(MongoFunnelStore.META)
                .insertOne(new org.bson.Document("_id", pipeline)
                        .append("minCohort", m.minCohortDay().toString())
                        .append("maxCohort", m.maxCohortDay().toString())
                        .append("maxAt", MongoFunnelStore.INSTANT_KEY.format(m.maxOccurredAt()))));
    }

    private static void insert(
            com.mongodb.client.MongoCollection<org.bson.Document> collection, List<org.bson.Document> docs) {
        for (int i = 0; i < docs.size(); i += 1000) {
            collection.insertMany(docs.subList(i, Math.min(docs.size(), i + 1000)));
        }
    }

    @Override
    public void clear() {
        states.clear();
        sums.clear();
        lists.clear();
        metas.clear();
    }
}
