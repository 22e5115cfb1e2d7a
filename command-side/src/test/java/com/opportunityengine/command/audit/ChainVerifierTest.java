package com.opportunityengine.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.opportunityengine.store.EventHashes;
import com.opportunityengine.store.HashChain;
import com.opportunityengine.store.KeyedSince;
import com.opportunityengine.store.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ChainVerifierTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final HashChain KEYED = HashChain.keyed(KEY);

    /** A correctly chained stream of {@code count} plain events. */
    static List<Document> stream(int count) {
        return stream(count, count);
    }

    /** A correctly chained stream of {@code count} events, plain before {@code keyedFrom}, keyed from there on. */
    static List<Document> stream(int count, int keyedFrom) {
        List<Document> events = new ArrayList<>();
        String previous = null;
        for (int sequence = 0; sequence < count; sequence++) {
            Document event = event(sequence);
            String hash;
            if (sequence < keyedFrom) {
                hash = EventHashes.eventHash(event, previous);
            } else {
                hash = EventHashes.eventHmac(KEY, event, previous);
                event.append(HashChain.SCHEME_FIELD, HashChain.HMAC_SHA256)
                        .append(HashChain.KEY_ID_FIELD, KEYED.keyId());
            }
            events.add(event.append("previousHash", previous).append("hash", hash));
            previous = hash;
        }
        return events;
    }

    /** A keyed stream of {@code count} events from sequence 0. */
    static List<Document> keyedStream(int count) {
        return stream(count, 0);
    }

    /** What an attacker without the key can do: edit an event and recompute its and every later hash as plain SHA-256. */
    static void rewriteWithPlainHashes(List<Document> events, int from, String payload) {
        events.get(from).put("payload", payload);
        String previous = from == 0 ? null : events.get(from - 1).getString("hash");
        for (int sequence = from; sequence < events.size(); sequence++) {
            Document event = events.get(sequence);
            event.remove(HashChain.SCHEME_FIELD);
            event.remove(HashChain.KEY_ID_FIELD);
            String hash = EventHashes.eventHash(event, previous);
            event.put("previousHash", previous);
            event.put("hash", hash);
            previous = hash;
        }
    }

    static Document event(int sequence) {
        return new Document("_id", sequence + 1L)
                .append("aggregateIdentifier", "opp-1")
                .append("sequenceNumber", (long) sequence)
                .append("type", "Opportunity")
                .append("eventIdentifier", "ev-" + sequence)
                .append("timestamp", "2026-03-01T09:30:0" + sequence + ".000000000Z")
                .append("payloadType", "com.example.Happened")
                .append("payloadRevision", "1")
                .append("payload", "{\"n\":" + sequence + "}")
                .append("metaData", "{\"actor\":\"alice\"}");
    }

    static ChainVerification verify(List<Document> events) {
        return verify(events, HashChain.unkeyed());
    }

    static ChainVerification verify(List<Document> events, HashChain chain) {
        return verify(events, chain, KeyedSince.unknown());
    }

    static ChainVerification verify(List<Document> events, HashChain chain, KeyedSince keyedSince) {
        ChainVerifier verifier = new ChainVerifier(chain, keyedSince);
        for (Document event : events) {
            if (!verifier.accept(StoredEvent.of(event))) {
                break;
            }
        }
        return verifier.result();
    }

    @Test
    void anIntactStreamIsOk() {
        assertThat(verify(stream(5))).isEqualTo(ChainVerification.intact(5, false));
        assertThat(verify(List.of())).isEqualTo(ChainVerification.intact(0, false));
    }

    @Test
    void anEditedPayloadBreaksTheChainAtThatEvent() {
        List<Document> events = stream(5);
        events.get(2).put("payload", "{\"n\":99}");
        assertThat(verify(events)).isEqualTo(ChainVerification.broken(2, false, 2, ChainProblem.HASH_MISMATCH));
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
        assertThat(verify(events))
                .isEqualTo(ChainVerification.broken(2, false, 2, ChainProblem.MISSING_OR_OUT_OF_PLACE));
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

    @Test
    void aPlainChainRewrittenWithRecomputedHashesLooksIntact() {
        List<Document> events = stream(5);
        rewriteWithPlainHashes(events, 2, "{\"n\":99}");
        assertThat(verify(events)).as("the plain chain's weakness").isEqualTo(ChainVerification.intact(5, false));
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.intact(5, false));
    }

    @Test
    void aKeyedChainIsIntactWithItsKey() {
        assertThat(verify(keyedStream(4), KEYED)).isEqualTo(ChainVerification.intact(4, true));
    }

    @Test
    void aKeyedChainRewrittenWithPlainHashesIsADowngradeAtTheRewrittenEvent() {
        List<Document> events = keyedStream(5);
        rewriteWithPlainHashes(events, 2, "{\"n\":99}");
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.broken(2, true, 2, ChainProblem.DOWNGRADE));
        assertThat(verify(events))
                .as("without the key the keyed first event cannot be checked")
                .isEqualTo(ChainVerification.unverifiable(0, 0, ChainProblem.NO_CHAIN_KEY));
    }

    @Test
    void aKeyedEventRehashedUnderAnotherKeyIsAMismatch() {
        List<Document> events = keyedStream(4);
        byte[] attackers = "an attacker's key, 32 bytes long".getBytes(StandardCharsets.US_ASCII);
        Document edited = events.get(1);
        edited.put("payload", "{\"n\":99}");
        edited.put("hash", EventHashes.eventHmac(attackers, edited, edited.getString("previousHash")));
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.broken(1, true, 1, ChainProblem.HASH_MISMATCH));
    }

    @Test
    void plainEventsBeforeTheKeyStillVerifyAndKeyedOnesFollowThem() {
        List<Document> events = stream(5, 3);
        assertThat(events.get(2).containsKey(HashChain.SCHEME_FIELD)).isFalse();
        assertThat(events.get(3).getString(HashChain.SCHEME_FIELD)).isEqualTo(HashChain.HMAC_SHA256);
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.intact(5, true));
    }

    @Test
    void aPlainEventAfterAKeyedOneIsADowngradeEvenWithAConsistentLink() {
        List<Document> events = keyedStream(3);
        Document appended = event(3);
        String previous = events.get(2).getString("hash");
        events.add(appended.append("previousHash", previous).append("hash", EventHashes.eventHash(appended, previous)));
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.broken(3, true, 3, ChainProblem.DOWNGRADE));
    }

    @Test
    void withoutTheKeyKeyedEventsAreNotVerifiableNeverValid() {
        List<Document> events = stream(4, 2);
        assertThat(verify(events)).isEqualTo(ChainVerification.unverifiable(2, 2, ChainProblem.NO_CHAIN_KEY));
        HashChain other = HashChain.keyed("another key of thirty-two bytes!".getBytes(StandardCharsets.US_ASCII));
        assertThat(verify(events, other)).isEqualTo(ChainVerification.unverifiable(2, 2, ChainProblem.OTHER_CHAIN_KEY));
    }

    @Test
    void anUnknownSchemeIsBroken() {
        List<Document> events = stream(3);
        events.get(1).put(HashChain.SCHEME_FIELD, "md5");
        assertThat(verify(events, KEYED)).isEqualTo(ChainVerification.broken(1, false, 1, ChainProblem.UNKNOWN_SCHEME));
    }

    @Test
    void aChainRewrittenFromItsFirstEventIsADowngradeFromWhereTheLogIsKeyed() {
        List<Document> events = keyedStream(4);
        rewriteWithPlainHashes(events, 0, "{\"n\":99}");
        assertThat(verify(events, KEYED))
                .as("nothing keyed is left in it")
                .isEqualTo(ChainVerification.intact(4, false));
        // the events are at positions 1..4; the log is keyed from position 3 on
        assertThat(verify(events, KEYED, KeyedSince.at(3)))
                .isEqualTo(ChainVerification.broken(2, false, 2, ChainProblem.DOWNGRADE));
        assertThat(verify(stream(4), KEYED, KeyedSince.at(5)))
                .as("plain events before the key")
                .isEqualTo(ChainVerification.intact(4, false));
    }
}
