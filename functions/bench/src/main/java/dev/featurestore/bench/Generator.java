package dev.featurestore.bench;

import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes the workload's four partials for N entities, deterministically: same seed and N → same files. Each
 * partial covers its own random subset of the ids, in its own shuffled order; snappy, row groups of 131,072.
 */
public final class Generator {

    static final long SEED = 20261124L;
    private static final long TS_FROM = 1_577_836_800_000_000L; // 2020-01-01
    private static final long TS_TO = 1_767_225_600_000_000L;   // 2026-01-01

    private Generator() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[0]);
        Path dir = Path.of(args[1]);
        generate(rows, dir, SEED, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    static void generate(int rows, Path dir, long seed, int threads) throws Exception {
        Files.createDirectories(dir);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int partial = p;
                futures.add(pool.submit(() -> {
                    write(partial, rows, dir, seed);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static void write(int partial, int rows, Path dir, long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + partial);
        int[] ids = new int[rows];
        int n = 0;
        double coverage = Workload.COVERAGE[partial];
        for (int i = 0; i < rows; i++) {
            if (coverage >= 1.0 || rnd.nextDouble() < coverage) {
                ids[n++] = i;
            }
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        Schema schema = Workload.PARTIALS.get(partial);
        Path file = dir.resolve("p" + (partial + 1) + ".parquet");
        Path tmp = dir.resolve("p" + (partial + 1) + ".parquet.tmp");
        Files.deleteIfExists(tmp);
        Zipf cats = new Zipf(20, 1.0);
        Zipf cities = new Zipf(5000, 0.8);
        byte[][] catNames = names("cat_", 20);
        byte[][] cityNames = names("city_", 5000);
        byte[] id = new byte[10];
        try (ParquetRowWriter w = ParquetRowWriter.create(tmp, schema, Map.of(), 131_072)) {
            for (int r = 0; r < n; r++) {
                int len = formatId(ids[r], id);
                w.id(id, 0, len);
                switch (partial) {
                    case 0 -> {
                        for (int c = 0; c < 3; c++) {
                            w.writeLong(c, Double.doubleToRawLongBits(rnd.nextDouble() * 1000));
                        }
                        if (rnd.nextInt(20) == 0) {
                            w.writeNull(3);
                        } else {
                            w.writeLong(3, rnd.nextLong(1_000_000_000_000L));
                        }
                    }
                    case 1 -> {
                        byte[] cat = catNames[cats.sample(rnd)];
                        byte[] city = cityNames[cities.sample(rnd)];
                        w.writeBinary(0, cat, 0, cat.length);
                        w.writeBinary(1, city, 0, city.length);
                        w.writeLong(2, rnd.nextBoolean() ? 1 : 0);
                    }
                    case 2 -> {
                        w.writeLong(0, TS_FROM + rnd.nextLong(TS_TO - TS_FROM));
                        w.writeLong(1, Double.doubleToRawLongBits(rnd.nextDouble() * 180 - 90));
                        w.writeLong(2, Double.doubleToRawLongBits(rnd.nextDouble() * 360 - 180));
                    }
                    default -> {
                        for (int c = 0; c < 5; c++) {
                            w.writeLong(c, Double.doubleToRawLongBits(rnd.nextGaussian()));
                        }
                    }
                }
                w.endRow();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** 'c%09d' without String.format. */
    static int formatId(int i, byte[] out) {
        out[0] = 'c';
        for (int k = 9; k >= 1; k--) {
            out[k] = (byte) ('0' + i % 10);
            i /= 10;
        }
        return 10;
    }

    private static byte[][] names(String prefix, int n) {
        byte[][] names = new byte[n][];
        for (int i = 0; i < n; i++) {
            names[i] = (prefix + i).getBytes(StandardCharsets.UTF_8);
        }
        return names;
    }

    /** Zipf(n, s) by inverse CDF over a precomputed table. */
    static final class Zipf {
        private final double[] cdf;

        Zipf(int n, double s) {
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1 / Math.pow(k, s);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int sample(SplittableRandom rnd) {
            double u = rnd.nextDouble();
            int lo = 0;
            int hi = cdf.length - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
