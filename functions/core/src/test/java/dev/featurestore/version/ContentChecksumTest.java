package dev.featurestore.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.featurestore.merge.MergeRequest;
import dev.featurestore.merge.MergeResult;
import dev.featurestore.merge.Merger;
import dev.featurestore.merge.Partial;
import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content checksum through real merges: row-aware, yet independent of row order and of the split into partials. */
class ContentChecksumTest {
    private static final Field AMOUNT = new Field("amount", FieldType.DOUBLE);
    private static final Field CITY = new Field("city", FieldType.STRING);
    private static final Field VIP = new Field("vip", FieldType.BOOLEAN);
    private static final Field VISITS = new Field("visits", FieldType.BIGINT);
    private static final Schema SCHEMA = Schema.of(AMOUNT, CITY, VIP, VISITS);
    private static final int ROWS = 60_000; // more than the quantile sketch holds exactly

    @TempDir
    Path tmp;

    /** One row of the data set: id and the four fields (nulls included). */
    private record Row(String id, Double amount, String city, Boolean vip, Long visits) {
    }

    private static List<Row> data() {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(new Row("c" + i, r.nextInt(10) == 0 ? null : Math.exp(r.nextGaussian()), "city_" + r.nextInt(50),
                    r.nextInt(7) == 0 ? null : r.nextBoolean(), r.nextInt(20) == 0 ? null : (long) r.nextInt(1000)));
        }
        return rows;
    }

    private record Outcome(String checksum, Map<String, ColumnStats> stats, long rows) {
    }

    /** Merges {@code rows} written as partials split by field (a: amount, city; b: vip, visits), in the given order. */
    private Outcome merge(String name, List<Row> rows, int threads, int rowGroupRows) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("b.parquet");
        try (ParquetPartialWriter w = ParquetPartialWriter.create(a, Schema.of(AMOUNT, CITY), rowGroupRows)) {
            for (Row row : rows) {
                w.write(row.id(), row.amount(), row.city());
            }
        }
        List<Row> other = new ArrayList<>(rows);
        Collections.reverse(other); // the second partial in its own order
        try (ParquetPartialWriter w = ParquetPartialWriter.create(b, Schema.of(VIP, VISITS), rowGroupRows)) {
            for (Row row : other) {
                w.write(row.id(), row.vip(), row.visits());
            }
        }
        StatsCollector stats = StatsCollector.create(SCHEMA);
        ContentChecksum checksum = ContentChecksum.around(stats);
        MergeResult r = Merger.merge(new MergeRequest(SCHEMA, List.of(new Partial("a", a), new Partial("b", b)), dir.resolve("out"),
                dir.resolve("spill"), threads, checksum));
        return new Outcome(checksum.value(SCHEMA, r.rows()), stats.result(), r.rows());
    }

    @Test
    void sameChecksumAndStatistics_whenRowsAreReorderedAndSplitDifferently() throws IOException {
        List<Row> rows = data();
        List<Row> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(9));

        Outcome first = merge("first", rows, 1, 131_072);
        Outcome second = merge("second", shuffled, 2, 7_000);

        assertThat(second.rows()).isEqualTo(ROWS);
        assertThat(second.checksum()).isEqualTo(first.checksum());
        for (Field f : SCHEMA.fields()) {
            ColumnStats x = first.stats().get(f.name());
            ColumnStats y = second.stats().get(f.name());
            assertThat(y.count()).as(f.name()).isEqualTo(x.count());
            assertThat(y.nulls()).as(f.name()).isEqualTo(x.nulls());
            assertThat(y.strings()).as(f.name()).isEqualTo(x.strings());
            assertThat(y.booleans()).as(f.name()).isEqualTo(x.booleans());
            if (x.numeric() != null) {
                // the sampled quantiles are a function of the rows, not of their order or split
                assertThat(y.numeric().quantiles()).as(f.name()).isEqualTo(x.numeric().quantiles());
                assertThat(y.numeric().min()).isEqualTo(x.numeric().min());
                assertThat(y.numeric().max()).isEqualTo(x.numeric().max());
                // floating-point sums: equal up to rounding
                assertThat(y.numeric().mean()).isCloseTo(x.numeric().mean(), within(1e-9 * Math.abs(x.numeric().mean())));
            }
        }
    }

    @Test
    void differentChecksum_whenTwoValuesOfOneColumnAreSwappedBetweenRows() throws IOException {
        List<Row> rows = data();
        List<Row> swapped = new ArrayList<>(rows);
        Row r1 = rows.get(10);
        Row r2 = rows.get(20);
        swapped.set(10, new Row(r1.id(), r2.amount(), r1.city(), r1.vip(), r1.visits()));
        swapped.set(20, new Row(r2.id(), r1.amount(), r2.city(), r2.vip(), r2.visits()));

        assertThat(merge("swapped", swapped, 2, 131_072).checksum()).isNotEqualTo(merge("original", rows, 2, 131_072).checksum());
    }

    @Test
    void differentChecksum_whenANullMovesToAnotherRow() throws IOException {
        List<Row> rows = data();
        List<Row> moved = new ArrayList<>(rows);
        int withNull = 0;
        while (rows.get(withNull).visits() != null) {
            withNull++;
        }
        int withValue = withNull + 1;
        while (rows.get(withValue).visits() == null) {
            withValue++;
        }
        Row n = rows.get(withNull);
        Row v = rows.get(withValue);
        moved.set(withNull, new Row(n.id(), n.amount(), n.city(), n.vip(), v.visits()));
        moved.set(withValue, new Row(v.id(), v.amount(), v.city(), v.vip(), null));

        assertThat(merge("moved", moved, 1, 131_072).checksum()).isNotEqualTo(merge("original", rows, 1, 131_072).checksum());
    }

    @Test
    void sameChecksum_whenObservedWithOrWithoutStatistics() {
        ContentChecksum alone = new ContentChecksum();
        ContentChecksum fused = ContentChecksum.around(StatsCollector.create(SCHEMA));
        for (ContentChecksum c : List.of(alone, fused)) {
            var o = c.create(0, VISITS);
            o.observeLong(dev.featurestore.merge.RowKeys.of("a"), 3);
            o.observeNull(dev.featurestore.merge.RowKeys.of("b"));
        }

        assertThat(fused.value(SCHEMA, 2)).isEqualTo(alone.value(SCHEMA, 2));
    }
}
