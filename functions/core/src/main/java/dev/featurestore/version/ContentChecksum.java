package dev.featurestore.version;

import dev.featurestore.merge.ColumnObserver;
import dev.featurestore.types.Field;
import dev.featurestore.types.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A checksum of a version's data computed in the merge pass: per column, the sum of 64-bit hashes of its
 * values plus its null count, so it does not depend on row order, file split or thread scheduling. Equal data
 * gives an equal checksum; a changed value, row or column changes it (a swap of two values between rows of the
 * same column does not — a known limit of per-column sums).
 */
public final class ContentChecksum implements ColumnObserver.Factory {
    private final List<Accumulator> accumulators = new CopyOnWriteArrayList<>();

    @Override
    public ColumnObserver create(int worker, Field field) {
        Accumulator a = new Accumulator(field.name());
        accumulators.add(a);
        return a;
    }

    /** The hex SHA-256 over every column's combined sums, in schema order, and the row count. */
    public String value(Schema schema, long rows) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("rows=" + rows + "\n").getBytes(StandardCharsets.UTF_8));
            for (Field f : schema.fields()) {
                long sum = 0;
                long nulls = 0;
                long count = 0;
                for (Accumulator a : accumulators) {
                    if (a.field.equals(f.name())) {
                        sum += a.sum;
                        nulls += a.nulls;
                        count += a.count;
                    }
                }
                digest.update((f.name() + ":" + f.type().sqlName() + ":" + sum + ":" + nulls + ":" + count + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static final class Accumulator implements ColumnObserver {
        final String field;
        long sum;
        long nulls;
        long count;

        Accumulator(String field) {
            this.field = field;
        }

        @Override
        public void observeNull() {
            nulls++;
            count++;
        }

        @Override
        public void observeLong(long value) {
            sum += mix(value);
            count++;
        }

        @Override
        public void observeDouble(double value) {
            sum += mix(Double.doubleToLongBits(value) + 0x51ed27L);
            count++;
        }

        @Override
        public void observeBoolean(boolean value) {
            sum += mix(value ? 0x7f4a7c15L : 0x3c6ef372L);
            count++;
        }

        @Override
        public void observeString(byte[] utf8, int offset, int length) {
            sum += dev.featurestore.stats.Hashing.hash(utf8, offset, length); // 8 bytes a step, no decoding
            count++;
        }
    }
}
