package com.opportunityengine.command.audit;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.opportunityengine.store.StoreProperties;
import com.opportunityengine.store.StoredEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The whole log as NDJSON, one stored event per line, in position order, with every field the
 * hashes cover exactly as stored (payload and metadata as their JSON text), so an auditor can
 * recompute each event's hash and re-chain the head. Streamed window by window ({@link LogCursor}):
 * memory stays constant whatever the length. Stops before a gap that may still fill, so resuming
 * with {@code after=<last position>} never misses an event.
 */
@Component
class LogExport {

    private static final int FLUSH_EVERY = 500;

    private final LogCursor cursor;
    private final ObjectMapper json;

    LogExport(MongoDatabase database, Clock clock, StoreProperties store, ObjectMapper json) {
        this.cursor = new LogCursor(database, clock, store.eventLog().gapTimeout());
        this.json = json;
    }

    void write(long after, long limit, OutputStream out) throws IOException {
        try (JsonGenerator generator = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            generator.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            generator.setRootValueSeparator(null);
            long[] written = {0};
            cursor.forEach(after, limit, Long.MAX_VALUE, false, event -> {
                try {
                    line(generator, event);
                    if (++written[0] % FLUSH_EVERY == 0) {
                        generator.flush();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            });
            generator.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void line(JsonGenerator generator, StoredEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeNumberField("position", event.position());
        generator.writeStringField("aggregateId", event.aggregateId());
        generator.writeStringField("aggregateType", event.aggregateType());
        generator.writeNumberField("sequence", event.sequence());
        generator.writeStringField("eventId", event.eventId());
        generator.writeStringField("timestamp", event.timestamp());
        generator.writeStringField("payloadType", event.payloadType());
        generator.writeStringField("payloadRevision", event.payloadRevision());
        generator.writeStringField("payload", event.payload());
        generator.writeStringField("metaData", event.metaData());
        generator.writeStringField("previousHash", event.previousHash());
        generator.writeStringField("hash", event.hash());
        if (event.hashScheme() != null) {
            generator.writeStringField("hashScheme", event.hashScheme());
            generator.writeStringField("hashKeyId", event.hashKeyId());
        }
        generator.writeEndObject();
        generator.writeRaw('\n');
    }
}
