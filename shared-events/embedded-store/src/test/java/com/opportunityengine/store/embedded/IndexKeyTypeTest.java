package com.opportunityengine.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IndexKeyTypeTest {

    private final IndexKeyType type = IndexKeyType.INSTANCE;

    @Test
    void comparesIndexKeysByTheirValues() {
        assertThat(type.compare(new KeyValue(2L), new KeyValue(10L))).isNegative();
        assertThat(type.compare(new KeyValue("agg#10"), new KeyValue("agg#9"))).isNegative();
        assertThat(type.compare(new KeyValue("a", 1), new KeyValue("a", 2))).isNegative();
        assertThat(type.compare(new KeyValue("a", 1), new KeyValue("a", 1))).isZero();
    }

    @Test
    void isZeroExactlyForEqualKeysAndATotalOrderOverMixedValues() {
        List<Object> values = new ArrayList<>(List.of(
                1L,
                2L,
                -7L,
                1,
                2,
                1.0,
                1.5,
                -0.0,
                0.0,
                "a",
                "b",
                "",
                "agg#1",
                true,
                false,
                new Date(1000),
                new Date(2000),
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                new ObjectId(),
                new Document("x", 1),
                new Document("x", 2),
                List.of(1, 2),
                Missing.getInstance()));
        values.add(null);
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : values) {
            keys.add(new KeyValue(java.util.Collections.singletonList(value)));
            keys.add(new KeyValue(java.util.Arrays.asList(value, "tail")));
        }
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                int ab = type.compare(a, b);
                assertThat(ab == 0).as("%s vs %s", a, b).isEqualTo(a.equals(b));
                assertThat(Integer.signum(ab))
                        .as("antisymmetric %s %s", a, b)
                        .isEqualTo(-Integer.signum(type.compare(b, a)));
                for (KeyValue c : keys) {
                    if (ab < 0 && type.compare(b, c) < 0) {
                        assertThat(type.compare(a, c))
                                .as("transitive %s < %s < %s", a, b, c)
                                .isNegative();
                    }
                }
            }
        }
    }

    @Test
    void writesKeysAsTheirValuesAndReadsH2sOwnToo() {
        KeyValue key = new KeyValue("agg#3", 7L, null, new Document("x", 1));
        org.h2.mvstore.WriteBuffer buffer = new org.h2.mvstore.WriteBuffer();
        type.write(buffer, key);
        new org.h2.mvstore.type.ObjectDataType().write(buffer, key);
        java.nio.ByteBuffer written = buffer.getBuffer();
        written.flip();
        assertThat(written.get(0)).isEqualTo(IndexKeyType.KEY_VALUE);
        assertThat(type.read(written)).isEqualTo(key);
        assertThat(type.read(written)).as("written by H2's own type").isEqualTo(key);
        assertThat(written.hasRemaining()).isFalse();
    }

    @Test
    void sortsLikeTheValuesForTheEnginesKeys() {
        Random random = new Random(3);
        for (int i = 0; i < 1_000; i++) {
            long x = random.nextLong();
            long y = random.nextLong();
            assertThat(Integer.signum(type.compare(new KeyValue(x), new KeyValue(y))))
                    .isEqualTo(Integer.signum(Long.compare(x, y)));
        }
    }
}
