package dev.featurestore.merge;

import dev.featurestore.stats.StatsCollector;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import dev.featurestore.version.ContentChecksum;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A loop microbenchmark of the observers' batch path, the merge's call ({@link ColumnObserver#observe}): 10M values
 * of one column, in batches of {@value ColumnBatch#CAPACITY} rows, through the checksum, the statistics, or both (the
 * checksum around the statistics, what a calculation runs). The batches are few and reused, so they stay in the cache
 * as the merge's do. Kinds: {@code double}, {@code bigint}, {@code boolean}, {@code string20} and
 * {@code string5000} (skewed over 20 or 5,000 distinct values, like the benchmark's {@code f2_cat} and {@code f2_city}).
 * Not a test: {@code java -cp ... dev.featurestore.merge.ColumnBatchThroughput [kinds] [modes] [null share]}; prints
 * ns per value, the best of 5 runs (docs/benchmarks.md).
 */
public final class ColumnBatchThroughput {
    private static final int VALUES = 10_000_000;
    private static final int BATCHES = 64;

    private ColumnBatchThroughput() {
    }

    public static void main(String[] args) {
        List<String> kinds = List.of((args.length > 0 ? args[0] : "double,bigint,boolean,string20,string5000").split(","));
        List<String> modes = List.of((args.length > 1 ? args[1] : "checksum,stats,both").split(","));
        double nulls = args.length > 2 ? Double.parseDouble(args[2]) : 0.2;
        for (String kind : kinds) {
            for (String mode : modes) {
                System.out.printf("%-10s %-8s %.2f ns per value (%.0f%% nulls)%n", kind, mode, bestOf(5, kind, mode, nulls),
                        nulls * 100);
            }
        }
    }

    private static double bestOf(int runs, String kind, String mode, double nulls) {
        Field field = new Field("x", switch (kind) {
            case "double" -> FieldType.DOUBLE;
            case "bigint" -> FieldType.BIGINT;
            case "boolean" -> FieldType.BOOLEAN;
            case "string20", "string5000" -> FieldType.STRING;
            default -> throw new IllegalArgumentException("Cannot benchmark kind '" + kind
                    + "' (use double, bigint, boolean, string20 or string5000)");
        });
        long[] rows = new long[ColumnBatch.CAPACITY];
        long[][] keys = new long[BATCHES][ColumnBatch.CAPACITY];
        byte[] priorities = new byte[ColumnBatch.CAPACITY];
        int[] order = new int[ColumnBatch.CAPACITY];
        ColumnBatch[] batches = batches(field, kind, nulls, rows, priorities, order, keys);
        byte[][] keyPriorities = new byte[BATCHES][ColumnBatch.CAPACITY];
        int[][] keyOrders = new int[BATCHES][ColumnBatch.CAPACITY];
        int[] starts = new int[ColumnBatch.PRIORITY_COUNTS];
        for (int j = 0; j < BATCHES; j++) {
            for (int i = 0; i < ColumnBatch.CAPACITY; i++) {
                keyPriorities[j][i] = (byte) RowKeys.priority(keys[j][i]);
            }
            ColumnBatch.orderByPriority(keyPriorities[j], ColumnBatch.CAPACITY, keyOrders[j], starts);
        }
        double best = Double.MAX_VALUE;
        for (int run = 0; run < runs; run++) {
            Schema schema = Schema.of(field);
            StatsCollector stats = StatsCollector.create(schema);
            ColumnObserver.Factory factory = switch (mode) {
                case "checksum" -> new ContentChecksum();
                case "stats" -> stats;
                case "both" -> ContentChecksum.around(stats);
                default -> throw new IllegalArgumentException("Cannot benchmark mode '" + mode + "' (use checksum, stats or both)");
            };
            ColumnObserver observer = factory.create(0, field);
            long start = System.nanoTime();
            for (int k = 0; k < VALUES / ColumnBatch.CAPACITY; k++) {
                int j = k % BATCHES;
                System.arraycopy(keys[j], 0, rows, 0, ColumnBatch.CAPACITY);
                System.arraycopy(keyPriorities[j], 0, priorities, 0, ColumnBatch.CAPACITY);
                System.arraycopy(keyOrders[j], 0, order, 0, ColumnBatch.CAPACITY);
                rows[0] += k; // new row keys on every pass, as the merge's rows have (the order is the pass's own)
                observer.observe(batches[j]);
            }
            best = Math.min(best, (System.nanoTime() - start) / (double) VALUES);
            stats.result();
        }
        return best;
    }

    private static ColumnBatch[] batches(Field field, String kind, double nulls, long[] rows, byte[] priorities,
                                         int[] order, long[][] keys) {
        SplittableRandom random = new SplittableRandom(7);
        int distinct = kind.equals("string20") ? 20 : 5_000;
        byte[] bytes = new byte[distinct * 12];
        int[] offsets = new int[distinct];
        int[] lengths = new int[distinct];
        int at = 0;
        for (int i = 0; i < distinct; i++) {
            byte[] s = ("value" + i).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(s, 0, bytes, at, s.length);
            offsets[i] = at;
            lengths[i] = s.length;
            at += s.length;
        }
        ColumnBatch[] batches = new ColumnBatch[BATCHES];
        for (int j = 0; j < BATCHES; j++) {
            ColumnBatch b = new ColumnBatch(ColumnBatch.kindOf(field.type()), rows, priorities, order);
            for (int i = 0; i < ColumnBatch.CAPACITY; i++) {
                keys[j][i] = RowKeys.of("c" + (j * ColumnBatch.CAPACITY + i));
                if (random.nextDouble() < nulls) {
                    b.setNull(i);
                    continue;
                }
                switch (b.kind()) {
                    case DOUBLE -> b.setDouble(i, random.nextDouble() * 1_000);
                    case LONG -> b.setLong(i, random.nextLong(1L << 40));
                    case BOOLEAN -> b.setBoolean(i, random.nextBoolean());
                    case STRING -> {
                        int v = (int) Math.min(distinct - 1, Math.pow(random.nextDouble(), 3) * distinct);
                        b.setString(i, bytes, offsets[v], lengths[v], RowKeys.hash(bytes, offsets[v], lengths[v]));
                    }
                }
            }
            b.setSize(ColumnBatch.CAPACITY);
            batches[j] = b;
        }
        return batches;
    }
}
