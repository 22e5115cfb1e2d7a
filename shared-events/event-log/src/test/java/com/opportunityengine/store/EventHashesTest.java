package com.opportunityengine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class EventHashesTest {

    static Document event() {
        return new Document("aggregateIdentifier", "opp-1")
                .append("sequenceNumber", 3L)
                .append("type", "Opportunity")
                .append("eventIdentifier", "ev-1")
                .append("timestamp", "2026-03-01T09:30:00.000000000Z")
                .append("payloadType", "com.example.StageChanged")
                .append("payloadRevision", "1")
                .append("payload", "{\"stage\":\"négociation\"}")
                .append("metaData", "{\"actor\":\"alice\"}");
    }

    @Test
    void fieldsAreLengthPrefixedInUtf8BytesAndAbsentOnesAreATilde() {
        assertThat(new String(EventHashes.encode("ab", null, "é", ""), StandardCharsets.UTF_8))
                .isEqualTo("2:ab~2:é0:");
    }

    @Test
    void theEventHashIsSha256OverTheDocumentedEncoding() throws Exception {
        String expectedText = "27:opportunity-engine/event/v1" + "5:opp-1" + "1:3" + "11:Opportunity" + "4:ev-1"
                + "30:2026-03-01T09:30:00.000000000Z" + "24:com.example.StageChanged" + "1:1"
                + "24:{\"stage\":\"négociation\"}" + "17:{\"actor\":\"alice\"}" + "64:" + "a".repeat(64);
        String expected = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(expectedText.getBytes(StandardCharsets.UTF_8)));

        assertThat(EventHashes.eventHash(event(), "a".repeat(64))).isEqualTo(expected);
    }

    @Test
    void everyCoveredFieldChangesTheHash() {
        String original = EventHashes.eventHash(event(), null);
        Map<String, Object> edits = new LinkedHashMap<>();
        edits.put("aggregateIdentifier", "opp-2");
        edits.put("sequenceNumber", 4L);
        edits.put("type", "Customer");
        edits.put("eventIdentifier", "ev-2");
        edits.put("timestamp", "2026-03-01T09:30:00.000000001Z");
        edits.put("payloadType", "com.example.Other");
        edits.put("payloadRevision", "2");
        edits.put("payload", "{\"stage\":\"negotiation\"}");
        edits.put("metaData", "{\"actor\":\"mallory\"}");
        edits.forEach((field, value) -> {
            Document edited = event().append(field, value);
            assertThat(EventHashes.eventHash(edited, null)).as(field).isNotEqualTo(original);
        });
        assertThat(EventHashes.eventHash(event(), "b".repeat(64))).isNotEqualTo(original);
        assertThat(EventHashes.eventHash(event().append("recordedAt", 1L), null))
                .isEqualTo(original);
    }

    @Test
    void anAbsentFieldIsNotAnEmptyOne() {
        assertThat(EventHashes.eventHash(event().append("type", null), null))
                .isNotEqualTo(EventHashes.eventHash(event().append("type", ""), null));
    }

    @Test
    void theHeadChainsPositionAndEventHash() throws Exception {
        String first = EventHashes.headHash(null, 1, "c".repeat(64));
        String text = "26:opportunity-engine/head/v1" + "~" + "1:1" + "64:" + "c".repeat(64);
        assertThat(first)
                .isEqualTo(HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII))));
        assertThat(EventHashes.headHash(first, 2, "d".repeat(64)))
                .isNotEqualTo(EventHashes.headHash(first, 3, "d".repeat(64)))
                .isNotEqualTo(EventHashes.headHash(null, 2, "d".repeat(64)));
    }

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    static String hmac(byte[] key, String text) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theKeyedEventHashIsHmacSha256UnderTheKeyOverTheSameFieldsWithItsOwnDomain() throws Exception {
        String expectedText = "32:opportunity-engine/event/hmac-v1" + "5:opp-1" + "1:3" + "11:Opportunity" + "4:ev-1"
                + "30:2026-03-01T09:30:00.000000000Z" + "24:com.example.StageChanged" + "1:1"
                + "24:{\"stage\":\"négociation\"}" + "17:{\"actor\":\"alice\"}" + "64:" + "a".repeat(64);

        String keyed = EventHashes.eventHmac(KEY, event(), "a".repeat(64));

        assertThat(keyed).isEqualTo(hmac(KEY, expectedText));
        assertThat(keyed).isNotEqualTo(EventHashes.eventHash(event(), "a".repeat(64)));
        byte[] otherKey = KEY.clone();
        otherKey[0] ^= 1;
        assertThat(EventHashes.eventHmac(otherKey, event(), "a".repeat(64))).isNotEqualTo(keyed);
        assertThat(EventHashes.eventHmac(KEY, event().append("payload", "{}"), "a".repeat(64)))
                .isNotEqualTo(keyed);
    }

    @Test
    void theKeyedHeadLinkIsHmacSha256UnderTheKeyWithItsOwnDomain() throws Exception {
        String text = "31:opportunity-engine/head/hmac-v1" + "~" + "1:1" + "64:" + "c".repeat(64);
        assertThat(EventHashes.headHmac(KEY, null, 1, "c".repeat(64)))
                .isEqualTo(hmac(KEY, text))
                .isNotEqualTo(EventHashes.headHash(null, 1, "c".repeat(64)));
    }

    @Test
    void theKeyIdIsTheFirstEightBytesOfTheKeysSha256InHex() throws Exception {
        String digest =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY));
        assertThat(EventHashes.keyId(KEY)).isEqualTo(digest.substring(0, 16)).hasSize(16);
    }
}
