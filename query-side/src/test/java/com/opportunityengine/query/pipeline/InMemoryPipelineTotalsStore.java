package com.opportunityengine.query.pipeline;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pipeline totals in maps, for unit tests. */
final class InMemoryPipelineTotalsStore implements PipelineTotalsStore {

    private final Map<String, PipelineStored> states = new HashMap<>();
    private final Map<List<String>, PipelineTotal> totals = new HashMap<>();
    private final Map<String, OwnerLoad> owners = new HashMap<>();

    @Override
    public Optional<PipelineStored> state(String opportunityId) {
        return Optional.ofNullable(states.get(opportunityId));
    }

    @Override
    public void add(String pipeline, String stage, String owner, String currency, long count, BigDecimal amount) {
        List<String> key = List.of(pipeline, stage, owner, currency);
        PipelineTotal t = totals.getOrDefault(key, new PipelineTotal(stage, owner, currency, 0, BigDecimal.ZERO));
        totals.put(
                key,
                new PipelineTotal(
                        stage, owner, currency, t.count() + count, t.amount().add(amount)));
    }

    @Override
    public void save(String opportunityId, long sequence, PipelineState state) {
        states.put(opportunityId, new PipelineStored(sequence, state));
    }

    @Override
    public List<PipelineTotal> totals(String pipeline, List<String> stages) {
        List<PipelineTotal> found = new ArrayList<>();
        totals.forEach((key, total) -> {
            if (key.get(0).equals(pipeline) && stages.contains(key.get(1))) {
                found.add(total);
            }
        });
        return found;
    }

    @Override
    public Map<String, List<PipelineTotal>> allTotals() {
        Map<String, List<PipelineTotal>> byPipeline = new java.util.TreeMap<>();
        totals.forEach((key, total) ->
                byPipeline.computeIfAbsent(key.get(0), p -> new ArrayList<>()).add(total));
        return byPipeline;
    }

    @Override
    public void countOpen(String owner, long delta) {
        OwnerLoad load = owners.getOrDefault(owner, new OwnerLoad(owner, 0, null));
        owners.put(owner, new OwnerLoad(owner, load.open() + delta, load.lastAssignedAt()));
    }

    @Override
    public void assigned(String owner, java.time.Instant at) {
        OwnerLoad load = owners.getOrDefault(owner, new OwnerLoad(owner, 0, null));
        java.time.Instant last =
                load.lastAssignedAt() == null || at.isAfter(load.lastAssignedAt()) ? at : load.lastAssignedAt();
        owners.put(owner, new OwnerLoad(owner, load.open(), last));
    }

    @Override
    public Map<String, OwnerLoad> owners(java.util.Collection<String> ownerIds) {
        Map<String, OwnerLoad> found = new HashMap<>();
        ownerIds.forEach(id -> Optional.ofNullable(owners.get(id)).ifPresent(load -> found.put(id, load)));
        return found;
    }

    /** Writes the totals into MongoDB in the layout of {@link MongoPipelineTotalsStore} (bulk load for measurements). */
    void copyTo(com.mongodb.client.MongoDatabase database) {
        Map<String, org.bson.Document> docs = new java.util.TreeMap<>();
        totals.forEach((key, total) -> {
            org.bson.Document doc = docs.computeIfAbsent(
                    key.get(0) + "/" + key.get(1),
                    id -> new org.bson.Document("_id", id).append("c", new org.bson.Document()));
            org.bson.Document byOwner = doc.get("c", org.bson.Document.class);
            String owner = java.net.URLEncoder.encode(key.get(2), java.nio.charset.StandardCharsets.UTF_8)
                    .replace(".", "%2E")
                    .replace("*", "%2A");
            org.bson.Document byCurrency =
                    (org.bson.Document) byOwner.computeIfAbsent(owner, o -> new org.bson.Document());
            byCurrency.append(
                    key.get(3),
                    new org.bson.Document("n", total.count())
                            .append("amount", new org.bson.types.Decimal128(total.amount())));
        });
        database.getCollection(MongoPipelineTotalsStore.TOTALS).insertMany(new ArrayList<>(docs.values()));
    }

    @Override
    public void clear() {
        states.clear();
        totals.clear();
        owners.clear();
    }
}
