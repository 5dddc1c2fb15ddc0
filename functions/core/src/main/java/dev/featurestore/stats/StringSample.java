package dev.featurestore.stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frequent values of a string column with many distinct values, estimated from a sample of rows chosen by
 * their row key, like {@link QuantileSketch}: at level s it holds the value hashes of the rows whose remixed key
 * has at least s leading zero bits, and raises the level when more than {@link #CAPACITY} are held. The held
 * set depends only on the data, so the estimates are the same however the rows were split or ordered. Each
 * held row stands for 2^level rows. Bytes are kept once per distinct held value. Memory: at most 65,536 held
 * rows (9 bytes each) plus the bytes of their distinct values (≈ 3-6 MiB for a column of unique ~20-byte
 * strings, a few KiB for a column of a few thousand values).
 */
final class StringSample {
    static final int CAPACITY = 1 << 16;
    private static final int MAX_LEVEL = 64;

    private long[] hashes = new long[1024];
    private byte[] zeros = new byte[1024];
    private int size;
    private int level;
    private Map<Long, byte[]> values = new HashMap<>();

    void add(long row, long hash, byte[] utf8, int offset, int length) {
        int z = QuantileSketch.leadingZeros(row);
        if (z < level) {
            return;
        }
        if (size == hashes.length) {
            if (size >= CAPACITY) {
                raise();
                if (z < level) {
                    return;
                }
            }
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, hashes.length * 2);
                zeros = Arrays.copyOf(zeros, zeros.length * 2);
            }
        }
        hashes[size] = hash;
        zeros[size] = (byte) z;
        size++;
        if (!values.containsKey(hash)) {
            values.put(hash, Arrays.copyOfRange(utf8, offset, offset + length));
        }
    }

    private void raise() {
        do {
            level++;
            keep(level);
        } while (size > CAPACITY && level < MAX_LEVEL);
        Map<Long, byte[]> kept = new HashMap<>();
        for (int i = 0; i < size; i++) {
            kept.putIfAbsent(hashes[i], values.get(hashes[i]));
        }
        values = kept;
    }

    private void keep(int minZeros) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (zeros[i] >= minZeros) {
                hashes[kept] = hashes[i];
                zeros[kept] = zeros[i];
                kept++;
            }
        }
        size = kept;
    }

    /** Adds everything {@code other} has held: the same sample as one fed both inputs. */
    void merge(StringSample other) {
        level = Math.max(level, other.level);
        keep(level);
        for (int i = 0; i < other.size; i++) {
            if (other.zeros[i] >= level) {
                if (size == hashes.length) {
                    hashes = Arrays.copyOf(hashes, hashes.length * 2);
                    zeros = Arrays.copyOf(zeros, zeros.length * 2);
                }
                hashes[size] = other.hashes[i];
                zeros[size] = other.zeros[i];
                size++;
                values.putIfAbsent(other.hashes[i], other.values.get(other.hashes[i]));
            }
        }
        if (size > CAPACITY) {
            raise();
        } else {
            keep(level);
        }
    }

    /** How many rows one held row stands for. */
    long weight() {
        return 1L << Math.min(level, 62);
    }

    /** The {@code n} most frequent held values, counts scaled by {@link #weight()}; by count, then value. */
    List<TopValue> top(int n) {
        long[] sorted = Arrays.copyOf(hashes, size);
        Arrays.sort(sorted);
        List<TopValue> all = new ArrayList<>();
        for (int i = 0; i < size; ) {
            int j = i;
            while (j < size && sorted[j] == sorted[i]) {
                j++;
            }
            all.add(new TopValue(new String(values.get(sorted[i]), StandardCharsets.UTF_8), (j - i) * weight()));
            i = j;
        }
        all.sort((a, b) -> a.count() != b.count() ? Long.compare(b.count(), a.count()) : a.value().compareTo(b.value()));
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(level);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(hashes[i]);
            out.writeByte(zeros[i]);
        }
        out.writeInt(values.size());
        for (Map.Entry<Long, byte[]> e : values.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().length);
            out.write(e.getValue());
        }
    }

    void readState(java.io.DataInput in) throws java.io.IOException {
        level = in.readInt();
        size = in.readInt();
        if (size < 0 || size > 2 * CAPACITY || level < 0 || level > MAX_LEVEL) {
            throw new java.io.IOException("not a string sample (size " + size + ", level " + level + ")");
        }
        hashes = new long[Math.max(1024, size)];
        zeros = new byte[hashes.length];
        for (int i = 0; i < size; i++) {
            hashes[i] = in.readLong();
            zeros[i] = in.readByte();
        }
        int distinctValues = in.readInt();
        values = new HashMap<>();
        for (int i = 0; i < distinctValues; i++) {
            long hash = in.readLong();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            values.put(hash, bytes);
        }
    }
}
