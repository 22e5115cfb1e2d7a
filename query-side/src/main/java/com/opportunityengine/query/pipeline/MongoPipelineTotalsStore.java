package com.opportunityengine.query.pipeline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.opportunityengine.query.store.BatchedWrites;
import com.opportunityengine.query.store.Changes;
import com.opportunityengine.store.ReadModels;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.springframework.stereotype.Component;

/**
 * The pipeline totals in MongoDB. {@code qv_pipeline_totals}: one document per (pipeline, stage),
 * {@code _id = pipeline/stage}, holding {@code c.<owner>.<currency> = {n, amount}} (owner
 * percent-encoded, amount a Decimal128) updated with {@code $inc}; a query reads its pipeline's stages
 * by key. {@code qv_pipeline_owners}: one document per owner, {@code _id = owner}, {@code open} (every open
 * opportunity, with an amount or not) and {@code lastAssignedAt}. {@code qv_pipeline_opportunities}: one document
 * per opportunity, its state and last sequence.
 * Writes go through {@link BatchedWrites}: a processor batch's increments of one total are summed.
 */
@Component
final class MongoPipelineTotalsStore implements PipelineTotalsStore {

    static final String TOTALS = "qv_pipeline_totals";
    static final String OWNERS = "qv_pipeline_owners";
    static final String STATES = "qv_pipeline_opportunities";

    private final MongoCollection<Document> totals;
    private final MongoCollection<Document> owners;
    private final BatchedWrites writes;

    MongoPipelineTotalsStore(@ReadModels MongoDatabase database) {
        this.totals = database.getCollection(TOTALS);
        this.owners = database.getCollection(OWNERS);
        // totals and owners before states, as the projection writes them
        this.writes = new BatchedWrites(database, TOTALS, OWNERS, STATES);
    }

    @Override
    public Optional<PipelineStored> state(String opportunityId) {
        Document d = writes.find(STATES, opportunityId).orElse(null);
        if (d == null) {
            return Optional.empty();
        }
        String amount = d.getString("amount");
        return Optional.of(new PipelineStored(
                d.getLong("seq"),
                new PipelineState(
                        d.getString("pipeline"),
                        d.getString("stage"),
                        d.getString("owner"),
                        amount == null ? null : new BigDecimal(amount),
                        d.getString("currency"),
                        d.getBoolean("open", false))));
    }

    @Override
    public void add(String pipeline, String stage, String owner, String currency, long count, BigDecimal amount) {
        String path = "c." + encode(owner) + "." + currency + ".";
        String id = pipeline + "/" + stage;
        writes.write(new Changes()
                .inc(TOTALS, id, path + "n", count)
                .inc(TOTALS, id, path + "amount", new Decimal128(amount)));
    }

    @Override
    public void save(String opportunityId, long sequence, PipelineState s) {
        writes.write(new Changes()
                .replace(
                        STATES,
                        opportunityId,
                        new Document("_id", opportunityId)
                                .append("seq", sequence)
                                .append("pipeline", s.pipeline())
                                .append("stage", s.stage())
                                .append("owner", s.owner())
                                .append(
                                        "amount",
                                        s.amount() == null ? null : s.amount().toPlainString())
                                .append("currency", s.currency())
                                .append("open", s.open())));
    }

    @Override
    public List<PipelineTotal> totals(String pipeline, List<String> stages) {
        List<String> ids = stages.stream().map(stage -> pipeline + "/" + stage).toList();
        List<PipelineTotal> found = new ArrayList<>();
        for (Document doc : totals.find(Filters.in("_id", ids))) {
            read(doc, found);
        }
        return found;
    }

    @Override
    public Map<String, List<PipelineTotal>> allTotals() {
        Map<String, List<PipelineTotal>> byPipeline = new TreeMap<>();
        for (Document doc : totals.find()) {
            String id = doc.getString("_id");
            read(doc, byPipeline.computeIfAbsent(id.substring(0, id.indexOf('/')), pipeline -> new ArrayList<>()));
        }
        return byPipeline;
    }

    private static void read(Document doc, List<PipelineTotal> into) {
        String id = doc.getString("_id");
        String stage = id.substring(id.indexOf('/') + 1);
        Document byOwner = doc.get("c", Document.class);
        if (byOwner == null) {
            return;
        }
        byOwner.forEach((owner, byCurrency) -> ((Document) byCurrency).forEach((currency, t) -> {
            Document total = (Document) t;
            into.add(new PipelineTotal(
                    stage,
                    decode(owner),
                    currency,
                    ((Number) total.get("n")).longValue(),
                    decimal(total.get("amount"))));
        }));
    }

    @Override
    public void countOpen(String owner, long delta) {
        writes.write(new Changes().inc(OWNERS, owner, "open", delta));
    }

    @Override
    public void assigned(String owner, Instant at) {
        writes.write(new Changes().max(OWNERS, owner, "lastAssignedAt", Date.from(at)));
    }

    @Override
    public Map<String, OwnerLoad> owners(Collection<String> ownerIds) {
        Map<String, OwnerLoad> loads = new HashMap<>();
        if (ownerIds.isEmpty()) {
            return loads;
        }
        for (Document doc : owners.find(Filters.in("_id", ownerIds))) {
            Number open = (Number) doc.get("open");
            Date last = doc.getDate("lastAssignedAt");
            String owner = doc.getString("_id");
            loads.put(
                    owner,
                    new OwnerLoad(owner, open == null ? 0 : open.longValue(), last == null ? null : last.toInstant()));
        }
        return loads;
    }

    @Override
    public void clear() {
        writes.clear();
    }

    private static BigDecimal decimal(Object value) {
        if (value instanceof Decimal128 d) {
            return d.bigDecimalValue();
        }
        return new BigDecimal(value.toString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace(".", "%2E")
                .replace("*", "%2A");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
