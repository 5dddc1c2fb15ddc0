package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The observers' batch path (the merge's call) gives exactly what one call per value gives: the same statistics,
 * bit for bit, and the same checksum, for every kind of value, with nulls, non-finite numbers, batches of any size
 * and one-value calls mixed in between.
 */
class ColumnBatchTest {

    private static final Schema SCHEMA = Schema.of(new Field("n", FieldType.BIGINT), new Field("d", FieldType.DOUBLE),
            new Field("b", FieldType.BOOLEAN), new Field("s", FieldType.STRING), new Field("ts", FieldType.TIMESTAMP),
            new Field("f", FieldType.FLOAT));

    @Test
    void batchPathEqualsValuePath_forEveryKindAndBatchSize() {
        for (int batchSize : new int[] {1, 7, 255, ColumnBatch.CAPACITY}) {
            // past the sketches' capacities (the quantile sketch's 32,768 values) with the larger batches
            int rows = Math.min(300_000, batchSize * 2_000);
            List<List<ColumnBatch>> batches = randomBatches(rows, batchSize, 42 + batchSize);

            StatsCollector batched = StatsCollector.create(SCHEMA);
            ContentChecksum batchedChecksum = ContentChecksum.around(batched);
            feed(batchedChecksum, batches, true);
            StatsCollector oneByOne = StatsCollector.create(SCHEMA);
            ContentChecksum oneByOneChecksum = ContentChecksum.around(oneByOne);
            feed(oneByOneChecksum, batches, false);

            assertThat(batched.result()).as("statistics, batches of %d", batchSize).isEqualTo(oneByOne.result());
            assertThat(batchedChecksum.value(SCHEMA, rows)).as("checksum, batches of %d", batchSize)
                    .isEqualTo(oneByOneChecksum.value(SCHEMA, rows));
        }
    }

    @Test
    void batchPathEqualsValuePath_whenOneValueCallsComeBetweenBatches() {
        List<List<ColumnBatch>> batches = randomBatches(50_000, 100, 7);
        StatsCollector mixed = StatsCollector.create(SCHEMA);
        ColumnObserver[] observers = observers(ContentChecksum.around(mixed));
        for (int k = 0; k < batches.size(); k++) {
            for (int f = 0; f < observers.length; f++) {
                ColumnBatch b = batches.get(k).get(f);
                if (k % 3 == 1) {
                    b.replay(observers[f]);
                } else {
                    observers[f].observe(b);
                }
            }
        }
        StatsCollector oneByOne = StatsCollector.create(SCHEMA);
        feed(ContentChecksum.around(oneByOne), batches, false);

        assertThat(mixed.result()).isEqualTo(oneByOne.result());
    }

    @Test
    void checksumAndStatisticsIgnoreWhatANullsPositionHeldBefore_whenTheBatchIsReused() {
        long[] rows = new long[ColumnBatch.CAPACITY];
        ColumnBatch[] reused = new ColumnBatch[SCHEMA.size()];
        for (int f = 0; f < reused.length; f++) {
            reused[f] = new ColumnBatch(ColumnBatch.kindOf(SCHEMA.fields().get(f).type()), rows, null, null);
        }
        byte[] utf8 = "xy".getBytes(StandardCharsets.UTF_8);
        StatsCollector batched = StatsCollector.create(SCHEMA);
        ContentChecksum batchedChecksum = ContentChecksum.around(batched);
        ColumnObserver[] observers = observers(batchedChecksum);
        StatsCollector oneByOne = StatsCollector.create(SCHEMA);
        ContentChecksum oneByOneChecksum = ContentChecksum.around(oneByOne);
        ColumnObserver[] values = observers(oneByOneChecksum);
        for (int run = 0; run < 2; run++) {
            for (int i = 0; i < 3; i++) {
                rows[i] = RowKeys.of("id" + run + i);
            }
            for (ColumnBatch b : reused) {
                for (int i = 0; i < 3; i++) {
                    // the first run's values, then nulls in the same positions
                    if (run == 1) {
                        b.setNull(i);
                        continue;
                    }
                    switch (b.kind()) {
                        case LONG -> b.setLong(i, 1_000 + i);
                        case DOUBLE -> b.setDouble(i, 0.5 + i);
                        case BOOLEAN -> b.setBoolean(i, true);
                        case STRING -> b.setString(i, utf8, 0, 2, RowKeys.hash(utf8, 0, 2));
                    }
                }
                b.setSize(3);
            }
            for (int f = 0; f < reused.length; f++) {
                observers[f].observe(reused[f]);
                reused[f].replay(values[f]);
                reused[f].clear();
            }
        }
        assertThat(batchedChecksum.value(SCHEMA, 6)).isEqualTo(oneByOneChecksum.value(SCHEMA, 6));
        assertThat(batched.result()).isEqualTo(oneByOne.result());
    }

    @Test
    void byPriorityListsEveryPositionOnce_highestPriorityFirstTiesInPositionOrder() {
        long[] rows = new long[ColumnBatch.CAPACITY];
        for (int size : new int[] {0, 1, 100, ColumnBatch.CAPACITY}) {
            for (int i = 0; i < size; i++) {
                rows[i] = i % 5 == 0 ? 0 : RowKeys.of("row" + i); // key 0: priority 64, the highest
            }
            ColumnBatch b = ColumnBatch.of(ColumnBatch.Kind.LONG, rows);
            b.setSize(size);

            boolean[] seen = new boolean[size];
            for (int k = 0; k < size; k++) {
                int i = b.byPriority(k);
                assertThat(seen[i]).as("position %d listed twice", i).isFalse();
                seen[i] = true;
                if (k > 0) {
                    int before = b.byPriority(k - 1);
                    assertThat(b.priority(before)).isGreaterThanOrEqualTo(b.priority(i));
                    if (b.priority(before) == b.priority(i)) {
                        assertThat(before).isLessThan(i);
                    }
                }
            }
            if (size > 0) {
                assertThat(b.priority(b.byPriority(0))).isEqualTo(64);
            }
        }
    }

    @Test
    void replayPassesValuesInOrderWithTheirRows() {
        long[] rows = {11, 12, 13};
        ColumnBatch b = new ColumnBatch(ColumnBatch.Kind.STRING, rows, null, null);
        byte[] utf8 = "abcé".getBytes(StandardCharsets.UTF_8);
        b.setString(0, utf8, 0, 1, 100);
        b.setNull(1);
        b.setString(2, utf8, 3, 2, 300);
        b.setSize(3);
        List<String> seen = new ArrayList<>();
        b.replay(new ColumnObserver() {
            public void observeNull(long row) {
                seen.add(row + " null");
            }

            public void observeLong(long row, long value) {
                seen.add("long");
            }

            public void observeDouble(long row, double value) {
                seen.add("double");
            }

            public void observeBoolean(long row, boolean value) {
                seen.add("boolean");
            }

            public void observeString(long row, byte[] bytes, int offset, int length, long hash) {
                seen.add(row + " " + new String(bytes, offset, length, StandardCharsets.UTF_8) + " " + hash);
            }
        });
        assertThat(seen).containsExactly("11 a 100", "12 null", "13 é 300");
    }

    private static void feed(ContentChecksum checksum, List<List<ColumnBatch>> batches, boolean batched) {
        ColumnObserver[] observers = observers(checksum);
        for (List<ColumnBatch> run : batches) {
            for (int f = 0; f < observers.length; f++) {
                if (batched) {
                    observers[f].observe(run.get(f));
                } else {
                    run.get(f).replay(observers[f]);
                }
            }
        }
    }

    private static ColumnObserver[] observers(ColumnObserver.Factory factory) {
        ColumnObserver[] observers = new ColumnObserver[SCHEMA.size()];
        for (int f = 0; f < observers.length; f++) {
            observers[f] = factory.create(0, SCHEMA.fields().get(f));
        }
        return observers;
    }

    /** Runs of {@code size} rows, one batch per field each; about 15% nulls, and non-finite doubles. */
    private static List<List<ColumnBatch>> randomBatches(int rows, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] strings = new byte[2_000 * 8];
        int[] offsets = new int[2_000];
        int[] lengths = new int[2_000];
        int at = 0;
        for (int i = 0; i < offsets.length; i++) {
            byte[] s = ("v" + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, strings, at, s.length);
            offsets[i] = at;
            lengths[i] = s.length;
            at += s.length;
        }
        double[] special = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MAX_VALUE};
        List<List<ColumnBatch>> all = new ArrayList<>();
        for (int start = 0; start < rows; start += size) {
            int n = Math.min(size, rows - start);
            long[] keys = new long[ColumnBatch.CAPACITY];
            for (int i = 0; i < n; i++) {
                keys[i] = RowKeys.of("id" + (start + i));
            }
            List<ColumnBatch> run = new ArrayList<>();
            for (Field field : SCHEMA.fields()) {
                ColumnBatch b = new ColumnBatch(ColumnBatch.kindOf(field.type()), keys, null, null);
                for (int i = 0; i < n; i++) {
                    if (r.nextInt(100) < 15) {
                        b.setNull(i);
                        continue;
                    }
                    switch (b.kind()) {
                        case LONG -> b.setLong(i, r.nextLong());
                        case DOUBLE -> b.setDouble(i, r.nextInt(1_000) == 0 ? special[r.nextInt(special.length)] : r.nextGaussian() * 1e6);
                        case BOOLEAN -> b.setBoolean(i, r.nextBoolean());
                        case STRING -> {
                            int k = r.nextInt(r.nextBoolean() ? 20 : offsets.length);
                            b.setString(i, strings, offsets[k], lengths[k], RowKeys.hash(strings, offsets[k], lengths[k]));
                        }
                    }
                }
                b.setSize(n);
                run.add(b);
            }
            all.add(run);
        }
        return all;
    }
}
