package com.opportunityengine.pipeline;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.opportunityengine.events.pipeline.Pipeline;
import com.opportunityengine.events.pipeline.PipelineId;
import com.opportunityengine.events.pipeline.Stage;
import com.opportunityengine.events.pipeline.StageCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.springframework.core.Ordered;

/**
 * Pipelines defined through {@code POST /api/pipelines}, one document per pipeline in the collection
 * {@code pipelines} ({@code _id} = pipeline id). It answers from a copy in memory, read again when older than
 * {@code refresh}: a writer in this process sees its own writes at once, another process (the query side running
 * apart, another command node) within {@code refresh}. It comes first among the sources, so a stored pipeline that
 * appends stages to a configured one (or to {@code default}) is the one the engine uses.
 */
public class StoredPipelines implements PipelineSource, Ordered {

    static final String COLLECTION = "pipelines";

    private final MongoCollection<Document> collection;
    private final long refreshNanos;
    private volatile List<Pipeline> cached;
    private volatile long loadedAt;

    public StoredPipelines(MongoDatabase database, Duration refresh) {
        this.collection = database.getCollection(COLLECTION);
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public List<Pipeline> pipelines() {
        List<Pipeline> current = cached;
        if (current == null || System.nanoTime() - loadedAt > refreshNanos) {
            current = reload();
        }
        return current;
    }

    /** Stores (or replaces) a pipeline durably; callers check the append-only rule first. */
    public synchronized void save(Pipeline pipeline) {
        List<Document> stages = new ArrayList<>();
        for (Stage stage : pipeline.stages()) {
            stages.add(new Document("code", stage.code().value())
                    .append("name", stage.name())
                    .append("nameZh", stage.nameZh())
                    .append("defaultProbability", stage.defaultProbability()));
        }
        Document document = new Document("_id", pipeline.id().value())
                .append("name", pipeline.name())
                .append("stages", stages);
        collection.replaceOne(new Document("_id", pipeline.id().value()), document, new ReplaceOptions().upsert(true));
        reload();
    }

    private synchronized List<Pipeline> reload() {
        List<Pipeline> loaded = new ArrayList<>();
        for (Document document : collection.find().sort(new Document("_id", 1))) {
            loaded.add(toPipeline(document));
        }
        cached = List.copyOf(loaded);
        loadedAt = System.nanoTime();
        return cached;
    }

    static Pipeline toPipeline(Document document) {
        List<Stage> stages = new ArrayList<>();
        for (Document stage : document.getList("stages", Document.class)) {
            stages.add(new Stage(
                    StageCode.of(stage.getString("code")),
                    stage.getString("name"),
                    stage.getString("nameZh"),
                    ((Number) stage.get("defaultProbability")).doubleValue()));
        }
        return new Pipeline(PipelineId.of(document.getString("_id")), document.getString("name"), stages);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
