package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    /** A correctly chained stream of {@code count} events. */
    static List<Document> stream(int count) {
        List<Document> events = new ArrayList<>();
        String previous = null;
        for (int sequence = 0; sequence < count; sequence++) {
            Document event = new Document("_id", sequence + 1L)
                    .append("aggregateIdentifier", "opp-1")
                    .append("sequenceNumber", (long) sequence)
                    .append("type", "Opportunity")
                    .append("eventIdentifier", "ev-" + sequence)
                    .append("timestamp", "2026-03-01T09:30:0" + sequence + ".000000000Z")
                    .append("payloadType", "com.example.Happened")
                    .append("payloadRevision", "1")
                    .append("payload", "{\"n\":" + sequence + "}")
                    .append("metaData", "{\"actor\":\"alice\"}");
            String hash = EventHashes.eventHash(event, previous);
            events.add(event.append("previousHash", previous).append("hash", hash));
            previous = hash;
        }
        return events;
    }

    static ChainVerification verify(List<Document> events) {
        ChainVerifier verifier = new ChainVerifier();
        for (Document event : events) {
            if (!verifier.accept(StoredEvent.of(event))) {
                break;
            }
        }
        return verifier.result();
    }

    @Test
    void anIntactStreamIsOk() {
        assertThat(verify(stream(5))).isEqualTo(new ChainVerification(true, 5, null));
        assertThat(verify(List.of())).isEqualTo(new ChainVerification(true, 0, null));
    }

    @Test
    void anEditedPayloadBreaksTheChainAtThatEvent() {
        List<Document> events = stream(5);
        events.get(2).put("payload", "{\"n\":99}");
        assertThat(verify(events)).isEqualTo(new ChainVerification(false, 2, 2L));
    }

    @Test
    void editedMetadataOrRecordTimeBreaksTheChainAtThatEvent() {
        List<Document> metaData = stream(4);
        metaData.get(3).put("metaData", "{\"actor\":\"mallory\"}");
        assertThat(verify(metaData).firstBrokenSequence()).isEqualTo(3L);

        List<Document> timestamp = stream(4);
        timestamp.get(1).put("timestamp", "2020-01-01T00:00:00.000000000Z");
        assertThat(verify(timestamp).firstBrokenSequence()).isEqualTo(1L);
    }

    @Test
    void anEditWhoseHashWasRecomputedBreaksTheNextLink() {
        List<Document> events = stream(5);
        Document edited = events.get(2);
        edited.put("payload", "{\"n\":99}");
        edited.put("hash", EventHashes.eventHash(edited, edited.getString("previousHash")));
        assertThat(verify(events).firstBrokenSequence()).isEqualTo(3L);
    }

    @Test
    void aDeletedMiddleEventIsTheMissingSequence() {
        List<Document> events = stream(5);
        events.remove(2);
        assertThat(verify(events)).isEqualTo(new ChainVerification(false, 2, 2L));
    }

    @Test
    void reorderedEventsBreakTheChainWhereTheOrderChanged() {
        List<Document> events = stream(5);
        Document second = events.get(1);
        Document third = events.get(2);
        second.put("sequenceNumber", 2L);
        third.put("sequenceNumber", 1L);
        events.set(1, third);
        events.set(2, second);
        assertThat(verify(events).firstBrokenSequence()).isEqualTo(1L);
    }
}
