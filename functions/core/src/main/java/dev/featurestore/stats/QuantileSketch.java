package dev.featurestore.stats;

import dev.featurestore.merge.RowKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mergeable quantile sketch that gives the same quantiles for the same data however it was split or ordered:
 * a sample of rows chosen by their row key, not by their position. Each row's key is remixed into a priority
 * ({@link RowKeys#priority});
 * at level s the sample holds the values of the rows whose priority has at least s leading zero bits (about a
 * 2^-s share of the rows). While more than {@link #CAPACITY} values are held the level goes up and the values
 * below it leave. The retained set is therefore "every value whose row has at least L leading zeros", with L
 * the smallest level at which that set fits: a function of the data alone. Merging two sketches takes the
 * higher level and the union, then raises the level while it does not fit, reaching the same L as one sketch
 * over all the data.
 *
 * <p>Exact while at most {@code CAPACITY} values were seen. After that a uniform sample of between
 * {@code CAPACITY / 2} and {@code CAPACITY} rows: normalized rank error about 0.5 / sqrt(sample) ≤ 0.4%. The
 * cost per value is a remix, a leading-zeros count and a compare; memory 9 bytes per held value.
 */
final class QuantileSketch {
    static final int CAPACITY = 1 << 15;
    private static final int MAX_LEVEL = 64;

    private double[] values = new double[1024];
    private byte[] zeros = new byte[1024];
    private int size;
    private int level;
    private long seen;

    /** Offers one value (finite) of the row with key {@code row}. */
    void add(long row, double value) {
        seen++;
        offer(RowKeys.priority(row), value);
    }

    /** Counts {@code values} values seen, whose rows of priority at least {@link #level} are {@link #offer}ed. */
    void seen(long values) {
        seen += values;
    }

    /** The lowest row priority the sketch still holds: rows below it need not be offered. */
    int level() {
        return level;
    }

    /** Holds a value (finite) of a row of priority {@code z} ({@link RowKeys#priority}), if it is at least the level. */
    void offer(int z, double value) {
        if (z < level) {
            return;
        }
        if (size == values.length) {
            grow();
        }
        values[size] = value;
        zeros[size] = (byte) z;
        size++;
    }


    private void grow() {
        if (size >= CAPACITY) {
            raise();
            if (size < values.length) {
                return;
            }
        }
        values = Arrays.copyOf(values, values.length * 2);
        zeros = Arrays.copyOf(zeros, zeros.length * 2);
    }

    /** Raises the level until at most CAPACITY values are held (at least once). */
    private void raise() {
        do {
            level++;
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (zeros[i] >= level) {
                    values[kept] = values[i];
                    zeros[kept] = zeros[i];
                    kept++;
                }
            }
            size = kept;
        } while (size > CAPACITY && level < MAX_LEVEL);
    }

    /** Adds everything {@code other} has seen: the same sample as one sketch fed both inputs. */
    void merge(QuantileSketch other) {
        int target = Math.max(level, other.level);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (zeros[i] >= target) {
                values[kept] = values[i];
                zeros[kept] = zeros[i];
                kept++;
            }
        }
        size = kept;
        level = target;
        for (int i = 0; i < other.size; i++) {
            if (other.zeros[i] >= level) {
                if (size == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                    zeros = Arrays.copyOf(zeros, zeros.length * 2);
                }
                values[size] = other.values[i];
                zeros[size] = other.zeros[i];
                size++;
            }
        }
        if (size > CAPACITY) {
            raise();
        }
        seen += other.seen;
    }

    long seen() {
        return seen;
    }

    /** The number of values held (memory is about 9 bytes each). */
    int retained() {
        return size;
    }

    /**
     * The values at ranks {@code i / (count - 1)} for i = 0..count-1, interpolating nothing: each is a held
     * value. Empty when nothing was added.
     */
    List<Double> quantiles(int count) {
        if (size == 0) {
            return List.of();
        }
        double[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        List<Double> result = new ArrayList<>(count);
        for (int q = 0; q < count; q++) {
            int rank = (int) Math.ceil((double) size * q / (count - 1)) - 1;
            result.add(sorted[Math.max(0, Math.min(size - 1, rank))]);
        }
        return result;
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(seen);
        out.writeInt(level);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(values[i]);
            out.writeByte(zeros[i]);
        }
    }

    void readState(java.io.DataInput in) throws java.io.IOException {
        seen = in.readLong();
        level = in.readInt();
        size = in.readInt();
        if (size < 0 || size > CAPACITY || level < 0 || level > MAX_LEVEL) {
            throw new java.io.IOException("not a quantile sketch (size " + size + ", level " + level + ")");
        }
        values = new double[Math.max(1024, size)];
        zeros = new byte[values.length];
        for (int i = 0; i < size; i++) {
            values[i] = in.readDouble();
            zeros[i] = in.readByte();
        }
    }
}
