package dev.featurestore.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

class ColumnBufferTest {
    private static final PrimitiveType STRING = Types.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("s");

    private static Statistics<?> stats(List<byte[]> values) {
        ColumnBuffer c = new ColumnBuffer(STRING, true);
        for (byte[] v : values) {
            byte[] padded = new byte[v.length + 3]; // an offset and bytes after the value, as the merge's buffers have
            padded[0] = 9;
            System.arraycopy(v, 0, padded, 1, v.length);
            padded[v.length + 1] = (byte) 0xFF;
            c.addBinary(padded, 1, v.length);
        }
        return c.statistics();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void binaryMinMaxAreUnsignedLexicographic_whenPrefixesTieOrValuesAreShort() {
        List<byte[]> values = List.of(utf8("c000000010"), utf8("c000000001"), utf8("ab"), utf8("ab\0"), utf8("é"), new byte[0],
                utf8("c0000000"), utf8("c000000099"), new byte[] {(byte) 0xFF, 0}, new byte[] {(byte) 0xFF});

        Statistics<?> s = stats(values);

        assertThat(s.getMinBytes()).isEqualTo(new byte[0]);
        assertThat(s.getMaxBytes()).isEqualTo(new byte[] {(byte) 0xFF, 0});
    }

    @Test
    void binaryMinMaxMatchASort_forRandomValues() {
        Random r = new Random(3);
        for (int trial = 0; trial < 200; trial++) {
            byte[][] values = new byte[1 + r.nextInt(50)][];
            for (int i = 0; i < values.length; i++) {
                values[i] = new byte[r.nextInt(12)];
                for (int k = 0; k < values[i].length; k++) {
                    values[i][k] = (byte) (r.nextInt(3) == 0 ? 0 : r.nextInt(4) * 85); // ties, zeros, high bytes
                }
            }
            byte[][] sorted = values.clone();
            Arrays.sort(sorted, (Comparator<byte[]>) Arrays::compareUnsigned);

            Statistics<?> s = stats(List.of(values));

            assertThat(s.getMinBytes()).isEqualTo(sorted[0]);
            assertThat(s.getMaxBytes()).isEqualTo(sorted[sorted.length - 1]);
        }
    }

    @Test
    void pagesEncodeValuesAndLevelsByRow_withNaNsAsJavasOneLikeParquetJava() {
        ColumnBuffer c = new ColumnBuffer(Types.optional(PrimitiveTypeName.DOUBLE).named("d"), true);
        c.addDouble(1.5);
        c.addNull();
        c.addDouble(Double.longBitsToDouble(0x7ff0000000000123L)); // a NaN with a payload
        c.addNull();
        byte[] out = new byte[64];
        int end = c.writeValues(out, 0);
        assertThat(end).isEqualTo(16);
        assertThat((long) ColumnBuffer.LONG.get(out, 0)).isEqualTo(Double.doubleToLongBits(1.5));
        assertThat((long) ColumnBuffer.LONG.get(out, 8)).isEqualTo(0x7ff8000000000000L);
        int levels = c.writeLevels(out, 0);
        // 4-byte length, header (1 bit-packed group of 8: (1 << 1) | 1), then rows 0 and 2 present
        assertThat(Arrays.copyOfRange(out, 0, levels)).isEqualTo(new byte[] {2, 0, 0, 0, 3, 0b0101});
    }

    @Test
    void booleansArePackedInRowOrder_skippingNulls() {
        ColumnBuffer c = new ColumnBuffer(Types.optional(PrimitiveTypeName.BOOLEAN).named("b"), true);
        boolean[] values = {true, false, true, true, false, false, true, false, true};
        for (int i = 0; i < values.length; i++) {
            c.addBoolean(values[i]);
            if (i % 4 == 1) {
                c.addNull();
            }
        }
        byte[] out = new byte[16];
        Arrays.fill(out, (byte) 0x5A); // what an earlier page left
        assertThat(c.writeValues(out, 0)).isEqualTo(2);
        assertThat(out[0]).isEqualTo((byte) 0b0100_1101);
        assertThat(out[1]).isEqualTo((byte) 0b1);
    }
}
