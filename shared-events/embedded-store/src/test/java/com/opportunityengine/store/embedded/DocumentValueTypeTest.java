package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

class DocumentValueTypeTest {

    private static Document everyKind() {
        Document document = new Document("_id", 42L);
        document.put("int", 7);
        document.put("double", 2.5);
        document.put("text", "商机 \u0000-free text");
        document.put("flag", true);
        document.put("nothing", null);
        document.put("at", Instant.ofEpochMilli(1_764_300_000_123L));
        document.put("uuid", UUID.fromString("6f1c1b5e-4a7e-4a53-9a43-3f3bb7b5f0a1"));
        document.put("oid", new ObjectId());
        document.put("decimal", Decimal128.fromNumber(new BigDecimal("1234.5600")));
        document.put("list", List.of(1L, "two", new Document("three", 3)));
        document.put("nested", new Document("a", new Document("b", List.of())));
        return document;
    }

    @Test
    void writesADocumentAsTaggedBsonAndReadsItBack() {
        Document document = everyKind();
        WriteBuffer buffer = new WriteBuffer();
        DocumentValueType.INSTANCE.write(buffer, document);
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        assertThat(written.get(0)).isEqualTo(DocumentValueType.BSON_DOCUMENT);

        Document read = (Document) DocumentValueType.INSTANCE.read(written);
        assertThat(read.keySet()).containsExactlyElementsOf(document.keySet());
        for (String key : document.keySet()) {
            assertThat(read.get(key)).as(key).isEqualTo(document.get(key));
        }
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void readsValuesWrittenByH2sOwnType() {
        Document document = new Document("_id", "old").append("n", 1L);
        WriteBuffer buffer = new WriteBuffer();
        new ObjectDataType().write(buffer, document);
        new ObjectDataType().write(buffer, 17L);
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        assertThat(DocumentValueType.INSTANCE.read(written)).isEqualTo(document);
        assertThat(DocumentValueType.INSTANCE.read(written)).isEqualTo(17L);
    }

    @Test
    void documentsWrittenOneAfterAnotherThroughTheReusedBufferEachReadBackWhole() {
        // a large document first (its buffer is not kept), then smaller ones through the thread's buffer
        Document large = new Document("_id", "large").append("text", "x".repeat(3 << 20));
        Document medium = new Document("_id", "medium").append("text", "y".repeat(10_000));
        Document small = new Document("_id", "small").append("n", 1L);
        WriteBuffer buffer = new WriteBuffer();
        for (Document document : java.util.List.of(large, medium, small, medium)) {
            DocumentValueType.INSTANCE.write(buffer, document);
        }
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        for (Document document : java.util.List.of(large, medium, small, medium)) {
            assertThat(DocumentValueType.INSTANCE.read(written)).isEqualTo(document);
        }
        assertThat(written.hasRemaining()).isFalse();
    }
}
