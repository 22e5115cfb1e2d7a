package com.opportunityengine.store.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The value type of the embedded store's collections: documents are written as BSON (the encoding
 * mongo-java-server speaks on the wire) instead of by Java serialisation.
 * <p>
 * H2 writes a changed page whole, every value in it, on each commit, and the engine commits on every
 * acknowledged command; with Java serialisation (class descriptors, a handle table, reflection per
 * field) that was about a fifth of the CPU of a command load with the projections live. A BSON
 * document is written behind the tag {@value #BSON_DOCUMENT}, which H2's own format never uses (its
 * tags end at 119), so a file written before still reads: any other tag is H2's. A document BSON
 * cannot hold (no such value has been seen, but the store must never fail a commit) is written the
 * old way.
 */
final class DocumentValueType extends ObjectDataType {

    static final DocumentValueType INSTANCE = new DocumentValueType();

    static final byte BSON_DOCUMENT = 127;

    private static final int INITIAL_BUFFER = 4096;
    private static final int MAX_KEPT_BUFFER = 1 << 20;
    private static final ThreadLocal<ByteBuf> BUFFER = ThreadLocal.withInitial(() -> Unpooled.buffer(INITIAL_BUFFER));

    private DocumentValueType() {}

    @Override
    public void write(WriteBuffer buff, Object obj) {
        if (obj instanceof Document document) {
            ByteBuf bson = bson(document);
            if (bson != null) {
                int length = bson.readableBytes();
                buff.put(BSON_DOCUMENT)
                        .putVarInt(length)
                        .put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
                return;
            }
        }
        super.write(buff, obj);
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (buff.get(buff.position()) != BSON_DOCUMENT) {
            return super.read(buff);
        }
        buff.get();
        byte[] bson = new byte[DataUtils.readVarInt(buff)];
        buff.get(bson);
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(bson));
    }

    @Override
    public int getMemory(Object obj) {
        return obj instanceof Document document ? 24 + estimate(document) : super.getMemory(obj);
    }

    /**
     * The document encoded into this thread's buffer (valid until the thread's next call), or null when it
     * cannot be encoded. H2 serialises every document of a changed page at each commit, so the buffer is
     * reused rather than allocated (and copied out) per document.
     */
    private static ByteBuf bson(Document document) {
        ByteBuf buffer = BUFFER.get();
        buffer.clear();
        try {
            BsonEncoder.encodeDocument(document, buffer);
        } catch (RuntimeException unencodable) {
            return null;
        }
        if (buffer.capacity() > MAX_KEPT_BUFFER) {
            // one huge document must not pin its buffer for the thread's lifetime
            ByteBuf copy = Unpooled.wrappedBuffer(ByteBufUtil.getBytes(buffer));
            buffer.release();
            BUFFER.set(Unpooled.buffer(INITIAL_BUFFER));
            return copy;
        }
        return buffer;
    }

    /** A rough size in memory, for H2's page sizes and cache: cheap, never exact. */
    private static int estimate(Object value) {
        if (value instanceof Map<?, ?> map) {
            int size = 48;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 40 + 2 * String.valueOf(entry.getKey()).length() + estimate(entry.getValue());
            }
            return size;
        }
        if (value instanceof Collection<?> values) {
            int size = 32;
            for (Object element : values) {
                size += 8 + estimate(element);
            }
            return size;
        }
        if (value instanceof String text) {
            return 40 + 2 * text.length();
        }
        return 16;
    }
}
