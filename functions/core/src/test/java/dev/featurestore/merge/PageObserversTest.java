package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the observers read back from the writer's pages ({@link PageObservers}) is what was written: the same
 * statistics, bit for bit, and the same checksum as one call per value, for every type and physical encoding
 * (INT32, INT64, FLOAT, DOUBLE, BOOLEAN, BINARY, the three decimal encodings), with random nulls, non-finite
 * numbers, full and short pages (a row group ending mid-page).
 */
class PageObserversTest {

    private static final Schema SCHEMA = Schema.of(new Field("i", FieldType.INT), new Field("n", FieldType.BIGINT),
            new Field("f", FieldType.FLOAT), new Field("d", FieldType.DOUBLE), new Field("d9", FieldType.decimal(9, 2)),
            new Field("d18", FieldType.decimal(18, 4)), new Field("d30", FieldType.decimal(30, 3)),
            new Field("day", FieldType.DATE), new Field("ts", FieldType.TIMESTAMP), new Field("b", FieldType.BOOLEAN),
            new Field("s", FieldType.STRING));

    @TempDir
    Path dir;

    @Test
    void pagesGiveWhatOneCallPerValueGives_forEveryTypeWithNullsAndShortPages() {
        int rows = 90_000; // past the quantile sketch's 32,768 values
        FieldType[] types = SCHEMA.fields().stream().map(Field::type).toArray(FieldType[]::new);
        StatsCollector paged = StatsCollector.create(SCHEMA);
        ContentChecksum pagedChecksum = ContentChecksum.around(paged);
        ColumnObserver[] pageObservers = observers(pagedChecksum);
        StatsCollector oneByOne = StatsCollector.create(SCHEMA);
        ContentChecksum oneByOneChecksum = ContentChecksum.around(oneByOne);
        ColumnObserver[] valueObservers = observers(oneByOneChecksum);
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
        String[] strings = {"", "a", "Zürich", "a somewhat longer value than eight bytes", "c000000001"};
        SplittableRandom r = new SplittableRandom(11);

        try (ParquetRowWriter out = ParquetRowWriter.create(dir.resolve("part.parquet"), SCHEMA, Map.of(),
                ParquetRowWriter.ROW_GROUP_ROWS, ColumnBatch.CAPACITY, PageObservers.of(types, pageObservers))) {
            for (int row = 0; row < rows; row++) {
                String id = "id" + row;
                long key = RowKeys.of(id);
                out.id(id);
                for (int f = 0; f < types.length; f++) {
                    ColumnObserver o = valueObservers[f];
                    if (r.nextInt(100) < 20) {
                        out.writeNull(f);
                        o.observeNull(key);
                        continue;
                    }
                    switch (SCHEMA.fields().get(f).name()) {
                        case "i", "day" -> {
                            int v = r.nextInt();
                            out.writeLong(f, v);
                            o.observeLong(key, v);
                        }
                        case "n", "ts" -> {
                            long v = r.nextLong();
                            out.writeLong(f, v);
                            o.observeLong(key, v);
                        }
                        case "f" -> {
                            float v = r.nextInt(50) == 0 ? (float) special[r.nextInt(special.length)] : (float) r.nextGaussian();
                            out.writeLong(f, Float.floatToRawIntBits(v));
                            o.observeDouble(key, v);
                        }
                        case "d" -> {
                            double v = r.nextInt(50) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian() * 1e6;
                            out.writeLong(f, Double.doubleToRawLongBits(v));
                            o.observeDouble(key, v);
                        }
                        case "d9", "d18" -> {
                            long unscaled = f == 4 ? r.nextInt(-999_999_999, 1_000_000_000) : r.nextLong() % 1_000_000_000_000_000_000L;
                            out.writeLong(f, unscaled);
                            o.observeDouble(key, BigDecimal.valueOf(unscaled, types[f].scale()).doubleValue());
                        }
                        case "d30" -> {
                            BigInteger unscaled = new BigInteger(96, new java.util.Random(r.nextLong())).subtract(BigInteger.ONE.shiftLeft(95));
                            byte[] bytes = unscaled.toByteArray();
                            out.writeBinary(f, bytes, 0, bytes.length);
                            o.observeDouble(key, new BigDecimal(unscaled, 3).doubleValue());
                        }
                        case "b" -> {
                            boolean v = r.nextBoolean();
                            out.writeLong(f, v ? 1 : 0);
                            o.observeBoolean(key, v);
                        }
                        case "s" -> {
                            byte[] v = strings[r.nextInt(strings.length)].getBytes(StandardCharsets.UTF_8);
                            out.writeBinary(f, v, 0, v.length);
                            o.observeString(key, v, 0, v.length, RowKeys.hash(v, 0, v.length));
                        }
                        default -> throw new IllegalStateException();
                    }
                }
                out.endRow();
                if (r.nextInt(1_000) == 0) { // a row group ends mid-page: a short page
                    out.endRowGroup();
                }
            }
        }
        assertThat(pagedChecksum.value(SCHEMA, rows)).isEqualTo(oneByOneChecksum.value(SCHEMA, rows));
        assertThat(paged.result()).isEqualTo(oneByOne.result());
        assertThat(paged.result().get("d30").numeric().max()).isGreaterThan(1e25);
    }

    @Test
    void observedPagesLargerThanABatchAreRefused() {
        FieldType[] types = {FieldType.BIGINT};
        Schema schema = Schema.of(new Field("n", FieldType.BIGINT));
        ColumnObserver[] observers = observers(new ContentChecksum(), schema);
        try (ParquetRowWriter out = ParquetRowWriter.create(dir.resolve("big.parquet"), schema, Map.of(),
                ParquetRowWriter.ROW_GROUP_ROWS, ColumnBatch.CAPACITY + 1, PageObservers.of(types, observers))) {
            assertThatThrownBy(() -> {
                for (int row = 0; row <= ColumnBatch.CAPACITY; row++) {
                    out.id("id" + row);
                    out.writeLong(0, row);
                    out.endRow();
                }
            }).isInstanceOf(IllegalStateException.class)
                    .hasMessage("A page of 257 rows is larger than a column batch (256): the observed writer's pages must be at most that");
            out.abort();
        }
    }

    @Test
    void aListenerNeedsPages() {
        assertThatThrownBy(() -> ParquetRowWriter.create(dir.resolve("x.parquet"), SCHEMA, Map.of(),
                ParquetRowWriter.ROW_GROUP_ROWS, Integer.MAX_VALUE, page -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("A page listener needs a page size in rows");
    }

    @Test
    void aPageKeepsOnlyFixedWidthValuesOtherThanFloatsAndDecimalsAsCells() {
        Schema schema = Schema.of(new Field("f", FieldType.FLOAT), new Field("n", FieldType.BIGINT));
        java.util.List<String> seen = new java.util.ArrayList<>();
        try (ParquetRowWriter out = ParquetRowWriter.create(dir.resolve("cells.parquet"), schema, Map.of(),
                ParquetRowWriter.ROW_GROUP_ROWS, 4, page -> {
                    seen.add(page.rows() + " rows, n " + page.cells(1)[0] + ", " + page.nullCount(0) + " null f");
                    assertThatThrownBy(() -> page.cells(0)).isInstanceOf(IllegalStateException.class)
                            .hasMessage("A float field's values are not kept as cells");
                    long[] doubles = new long[page.rows()];
                    page.readDoubleBits(0, doubles);
                    seen.add("f " + Double.longBitsToDouble(doubles[0]) + " " + Double.longBitsToDouble(doubles[page.rows() - 1]));
                })) {
            for (int row = 0; row < 5; row++) {
                out.id("id" + row);
                if (row == 0) {
                    out.writeNull(0);
                } else {
                    out.writeLong(0, Float.floatToIntBits(row + 0.5f));
                }
                out.writeLong(1, 10 + row);
                out.endRow();
            }
        }
        assertThat(seen).containsExactly("4 rows, n 10, 1 null f", "f 0.0 3.5", "1 rows, n 14, 0 null f", "f 4.5 4.5");
    }

    @Test
    void noListenerWhenNothingObserves() {
        assertThat(PageObservers.of(new FieldType[] {FieldType.BIGINT}, new ColumnObserver[1])).isNull();
    }

    private static ColumnObserver[] observers(ColumnObserver.Factory factory) {
        return observers(factory, SCHEMA);
    }

    private static ColumnObserver[] observers(ColumnObserver.Factory factory, Schema schema) {
        ColumnObserver[] observers = new ColumnObserver[schema.size()];
        for (int f = 0; f < observers.length; f++) {
            observers[f] = factory.create(0, schema.fields().get(f));
        }
        return observers;
    }
}
