package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one reader of raw event documents: what it reads is exactly what was written and hashed. */
class EventLogReaderTest {

    static EmbeddedStore store;

    @BeforeAll
    static void start() {
        store = new EmbeddedStore();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    private static GenericDomainEventMessage<String> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>(
                "Opportunity",
                aggregate,
                sequence,
                aggregate + "-" + sequence,
                MetaData.from(Map.of("actor", "alice")));
    }

    @Test
    void readsByPositionAndByStreamInOrderWithTheStoredTextAndTheChain() {
        MongoDatabase database = store.freshDatabase();
        MongoEventLogStorageEngine engine = store.engineBuilder(database).build();
        engine.appendEvents(List.of(event("a", 0), event("a", 1), event("b", 0)));
        engine.appendEvents(event("a", 2));
        EventLogReader reader = new EventLogReader(database);

        List<StoredEvent> all = reader.atPositions(1, reader.highWaterMark());
        assertThat(all).extracting(StoredEvent::position).containsExactly(1L, 2L, 3L, 4L);
        assertThat(all)
                .extracting(e -> e.aggregateId() + "#" + e.sequence())
                .containsExactly("a#0", "a#1", "b#0", "a#2");
        assertThat(reader.highWaterMark())
                .as("a block of positions is reserved")
                .isGreaterThanOrEqualTo(4L);

        StoredEvent first = all.get(0);
        assertThat(first.aggregateType()).isEqualTo("Opportunity");
        assertThat(first.payload()).isEqualTo("\"a-0\"");
        assertThat(first.metaData()).contains("\"actor\":\"alice\"");
        assertThat(first.timestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
        assertThat(first.recordedAt()).isPositive();
        assertThat(first.previousHash()).isNull();
        assertThat(first.hash()).isEqualTo(first.recomputedHash(null));

        List<StoredEvent> stream = reader.ofStream("a", 0, 10);
        assertThat(stream).extracting(StoredEvent::sequence).containsExactly(0L, 1L, 2L);
        for (int i = 1; i < stream.size(); i++) {
            assertThat(stream.get(i).previousHash()).isEqualTo(stream.get(i - 1).hash());
            assertThat(stream.get(i).hash())
                    .isEqualTo(stream.get(i).recomputedHash(stream.get(i - 1).hash()));
        }
        assertThat(reader.ofStream("a", 1, 2)).extracting(StoredEvent::sequence).containsExactly(1L);
        assertThat(reader.firstOf("b")).map(StoredEvent::position).contains(3L);
        assertThat(reader.firstOf("nobody")).isEmpty();
        assertThat(reader.atPositions(5, 4)).isEmpty();

        List<StoredEvent> headers = reader.positionsAndRecordTimes(2, 4);
        assertThat(headers).extracting(StoredEvent::position).containsExactly(2L, 3L, 4L);
        assertThat(headers).extracting(StoredEvent::recordedAt).doesNotContainNull();
        assertThat(headers).extracting(StoredEvent::payload).containsOnlyNulls();
    }
}
