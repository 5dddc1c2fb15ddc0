package dev.featurestore.stats;

import dev.featurestore.merge.RowKeys;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    private ValueBytes values = new ValueBytes(1024);

    /** The lowest row priority the sample still holds: rows below it need not be offered. */
    int level() {
        return level;
    }

    /** Offers the value of a row of priority {@code z} ({@link RowKeys#priority}). */
    void add(int z, long hash, byte[] utf8, int offset, int length) {
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
        values.putIfAbsent(hash, utf8, offset, length);
    }

    private void raise() {
        do {
            level++;
            keep(level);
        } while (size > CAPACITY && level < MAX_LEVEL);
        ValueBytes kept = new ValueBytes(Math.min(size, values.size)); // sized by distinct values: it grows if needed
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

    /**
     * The bytes of each distinct held value by its hash: open addressing over primitive keys, so the check per
     * sampled value neither boxes the hash nor allocates.
     */
    static final class ValueBytes {
        private long[] keys;
        private byte[][] bytes;
        private int size;

        ValueBytes(int expected) {
            int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
            keys = new long[cap];
            bytes = new byte[cap][];
        }

        byte[] get(long hash) {
            return bytes[find(hash)];
        }

        /**
         * Copies the value's bytes when its hash is not held yet. Called for every sampled row, mostly for values
         * already held: a held non-zero hash is found from the keys alone (one array, one cache line per probe).
         */
        void putIfAbsent(long hash, byte[] utf8, int offset, int length) {
            int mask = keys.length - 1;
            for (int i = slot(hash, mask); ; i = (i + 1) & mask) {
                long key = keys[i];
                if (key == hash && (key != 0 || bytes[i] != null)) {
                    return;
                }
                if (key == 0 && bytes[i] == null) {
                    insert(i, hash, Arrays.copyOfRange(utf8, offset, offset + length));
                    return;
                }
            }
        }

        /** Keeps {@code value} itself (not a copy) when its hash is not held yet. */
        void putIfAbsent(long hash, byte[] value) {
            int i = find(hash);
            if (bytes[i] == null) {
                insert(i, hash, value);
            }
        }

        /** The slot holding {@code hash}, or the empty slot where it would go. */
        private int find(long hash) {
            int mask = keys.length - 1;
            int i = slot(hash, mask);
            while (bytes[i] != null && keys[i] != hash) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private void insert(int i, long hash, byte[] value) {
            keys[i] = hash;
            bytes[i] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        private void grow() {
            long[] oldKeys = keys;
            byte[][] oldBytes = bytes;
            keys = new long[oldKeys.length * 2];
            bytes = new byte[oldKeys.length * 2][];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldBytes[j] != null) {
                    int i = slot(oldKeys[j], mask);
                    while (bytes[i] != null) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    bytes[i] = oldBytes[j];
                }
            }
        }

        private static int slot(long hash, int mask) {
            return (int) (hash ^ (hash >>> 32)) & mask;
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

    /** Writes the sample (held rows, then each distinct held value's bytes once) for {@link #readState}. */
    void write(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(level);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeLong(hashes[i]);
            out.writeByte(zeros[i]);
        }
        long[] distinct = Arrays.copyOf(hashes, size);
        Arrays.sort(distinct);
        int n = 0;
        for (int i = 0; i < distinct.length; i++) {
            if (i == 0 || distinct[i] != distinct[i - 1]) {
                distinct[n++] = distinct[i];
            }
        }
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            byte[] value = values.get(distinct[i]);
            out.writeLong(distinct[i]);
            out.writeInt(value.length);
            out.write(value);
        }
    }

    /** Reads what {@link #write} wrote into this (empty) sample. */
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
        int distinct = in.readInt();
        if (distinct < 0 || distinct > size) {
            throw new java.io.IOException("not a string sample (" + distinct + " distinct values of " + size + ")");
        }
        values = new ValueBytes(Math.max(1024, distinct));
        for (int i = 0; i < distinct; i++) {
            long hash = in.readLong();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            values.putIfAbsent(hash, bytes);
        }
    }
}
