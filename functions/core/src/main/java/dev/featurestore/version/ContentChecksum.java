package dev.featurestore.version;

import dev.featurestore.merge.ColumnBatch;
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
 * A checksum of a version's data computed in the merge pass. Row-aware: each cell contributes a 64-bit hash of
 * (row key, value) — the row key being the hash of the row's id — so two values of one column swapped between
 * rows change it, and so do a changed value, a moved null, an added or removed row or column. Per column the
 * contributions are added (mod 2^64) with the null and cell counts, so it does not depend on row order, file
 * split or thread scheduling: equal data gives an equal checksum however it was partitioned.
 *
 * <p>It is also the merge's one observer per column: {@link #around} wraps the statistics' observer of the same
 * column, so the merge makes one call per column per batch of rows and the string hash is computed once for both.
 */
public final class ContentChecksum implements ColumnObserver.Factory {
    private static final long LONG_SALT = 0x9E3779B97F4A7C15L;
    private static final long DOUBLE_SALT = 0xC2B2AE3D27D4EB4FL;
    private static final long TRUE = 0x7f4a7c15d1b54a33L;
    private static final long FALSE = 0x3c6ef372fe94f82bL;
    private static final long NULL = 0x5851f42d4c957f2dL;

    private final ColumnObserver.Factory statistics;
    private final List<Column> columns = new CopyOnWriteArrayList<>();

    /** The checksum alone. */
    public ContentChecksum() {
        this(ColumnObserver.Factory.NONE);
    }

    private ContentChecksum(ColumnObserver.Factory statistics) {
        this.statistics = statistics;
    }

    /** The checksum, passing every value on to {@code statistics}' observer of the same column. */
    public static ContentChecksum around(ColumnObserver.Factory statistics) {
        return new ContentChecksum(statistics);
    }

    @Override
    public ColumnObserver create(int worker, Field field) {
        Column c = new Column(field.name(), statistics.create(worker, field));
        columns.add(c);
        return c;
    }

    /** The hex SHA-256 over every column's combined sums, in schema order, and the row count. */
    public String value(Schema schema, long rows) {
        return value(schema, rows, List.<long[][]>of(parts(schema)));
    }

    /**
     * Per schema field, in order: the {sum, nulls, count} of its cells as this checksum saw them. A distributed
     * merge's join tasks write them; {@link #value(Schema, long, List)} combines them into the checksum one
     * merge of all the rows would give.
     */
    public long[][] parts(Schema schema) {
        long[][] parts = new long[schema.fields().size()][3];
        for (int i = 0; i < parts.length; i++) {
            String name = schema.fields().get(i).name();
            for (Column c : columns) {
                if (c.field.equals(name)) {
                    parts[i][0] += c.sum;
                    parts[i][1] += c.nulls;
                    parts[i][2] += c.count;
                }
            }
        }
        return parts;
    }

    /** The checksum of the data several merges saw together, from each one's {@link #parts}. */
    public static String value(Schema schema, long rows, List<long[][]> parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("row-aware\nrows=" + rows + "\n").getBytes(StandardCharsets.UTF_8));
            List<Field> fields = schema.fields();
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                long sum = 0;
                long nulls = 0;
                long count = 0;
                for (long[][] p : parts) {
                    if (p.length != fields.size() || p[i].length != 3) {
                        throw new IllegalArgumentException("Cannot combine checksum parts: " + p.length + " fields, the schema has "
                                + fields.size());
                    }
                    sum += p[i][0];
                    nulls += p[i][1];
                    count += p[i][2];
                }
                digest.update((f.name() + ":" + f.type().sqlName() + ":" + sum + ":" + nulls + ":" + count + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contribution of one cell: a hash of its row key and its value's hash, not separable into the two. */
    static long cell(long row, long valueHash) {
        long z = row ^ valueHash;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static final class Column implements ColumnObserver {
        final String field;
        final ColumnObserver statistics;
        long sum;
        long nulls;
        long count;

        Column(String field, ColumnObserver statistics) {
            this.field = field;
            this.statistics = statistics;
        }

        @Override
        public void observeNull(long row) {
            sum += cell(row, NULL);
            nulls++;
            count++;
            if (statistics != null) {
                statistics.observeNull(row);
            }
        }

        /**
         * The merge's call: every position's cell as if it held a value, in one loop per kind of value with no branch
         * (the JIT vectorizes it), then each null's cell in place of its position's; then the batch to the
         * statistics in one call.
         */
        @Override
        public void observe(ColumnBatch batch) {
            int size = batch.size();
            ColumnBatch.Kind kind = batch.kind();
            long s = switch (kind) {
                case LONG -> cells(batch, LONG_SALT);
                case DOUBLE -> cells(batch, DOUBLE_SALT);
                case STRING -> cells(batch, 1);
                case BOOLEAN -> booleanCells(batch);
            };
            int nullCells = batch.nullCount();
            for (int k = 0; k < nullCells; k++) {
                int i = batch.nullPosition(k);
                long row = batch.row(i);
                s += cell(row, NULL) - cell(row, valueHash(kind, batch.bits(i)));
            }
            sum += s;
            nulls += nullCells;
            count += size;
            if (statistics != null) {
                statistics.observe(batch);
            }
        }

        /**
         * The hash a value contributes to its cell, from its bits as a batch holds them (a LONG value, a DOUBLE's
         * {@link Double#doubleToLongBits}, a BOOLEAN as 1 or 0, a STRING's hash): the one definition, which the
         * one-value calls use and the batch loops below inline by kind.
         */
        private static long valueHash(ColumnBatch.Kind kind, long bits) {
            return switch (kind) {
                case LONG -> bits * LONG_SALT;
                case DOUBLE -> bits * DOUBLE_SALT;
                case STRING -> bits;
                case BOOLEAN -> FALSE + (TRUE - FALSE) * (bits & 1);
            };
        }

        private static long cells(ColumnBatch batch, long salt) {
            int size = batch.size();
            long s = 0;
            for (int i = 0; i < size; i++) {
                s += cell(batch.row(i), batch.bits(i) * salt);
            }
            return s;
        }

        private static long booleanCells(ColumnBatch batch) {
            int size = batch.size();
            long s = 0;
            for (int i = 0; i < size; i++) {
                // TRUE or FALSE by arithmetic (bits are 1 or 0 at a value, anything at a null: corrected after)
                s += cell(batch.row(i), FALSE + (TRUE - FALSE) * (batch.bits(i) & 1));
            }
            return s;
        }

        @Override
        public void observeLong(long row, long value) {
            sum += cell(row, valueHash(ColumnBatch.Kind.LONG, value));
            count++;
            if (statistics != null) {
                statistics.observeLong(row, value);
            }
        }

        @Override
        public void observeDouble(long row, double value) {
            sum += cell(row, valueHash(ColumnBatch.Kind.DOUBLE, Double.doubleToLongBits(value)));
            count++;
            if (statistics != null) {
                statistics.observeDouble(row, value);
            }
        }

        @Override
        public void observeBoolean(long row, boolean value) {
            sum += cell(row, valueHash(ColumnBatch.Kind.BOOLEAN, value ? 1 : 0));
            count++;
            if (statistics != null) {
                statistics.observeBoolean(row, value);
            }
        }

        @Override
        public void observeString(long row, byte[] utf8, int offset, int length, long hash) {
            sum += cell(row, valueHash(ColumnBatch.Kind.STRING, hash));
            count++;
            if (statistics != null) {
                statistics.observeString(row, utf8, offset, length, hash);
            }
        }
    }
}
