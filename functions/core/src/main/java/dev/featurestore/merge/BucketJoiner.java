package dev.featurestore.merge;

import dev.featurestore.error.DataException;
import dev.featurestore.parquet.ParquetRowWriter;
import dev.featurestore.types.FieldType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Phase 2 of the merge, one bucket at a time: loads the bucket's spill files, joins the records by id in an
 * open-addressing hash table (detecting duplicate ids within a partial), and writes one output row per id.
 * Memory is the size of one bucket. Not thread-safe: one per worker.
 */
final class BucketJoiner {

    private final PartialPlan[] plans;
    private final int partials;
    /** The fields no partial produces (null in every row). */
    private final int[] unproduced;
    private byte[] buf = new byte[1 << 20];
    private int[] records = new int[1 << 14];
    private long[] table = new long[1 << 15];
    private int[] entityId = new int[1 << 14];
    private int[] entityIdLen = new int[1 << 14];
    private int[] entityKey = new int[1 << 14];
    private int[] wrapped = new int[64];
    /** The entities of the bucket in the order they are written. */
    private int[] order = new int[1 << 14];
    private int tableSize;
    private int[] slots = new int[1 << 16];
    /** How far ahead {@link #touch} loads, in entities. */
    private static final int AHEAD = 8;
    /** What {@link #touch} read (kept so that its loads are not optimized away). */
    private int touched;

    BucketJoiner(PartialPlan[] plans, FieldType[] types) {
        this.plans = plans;
        this.partials = plans.length;
        boolean[] produced = new boolean[types.length];
        for (PartialPlan p : plans) {
            for (int f : p.outputField()) {
                produced[f] = true;
            }
        }
        this.unproduced = java.util.stream.IntStream.range(0, types.length).filter(f -> !produced[f]).toArray();
    }

    /** Joins bucket {@code bucket} (its chunks in every phase-1 worker's spill) into {@code out}; returns rows written. */
    long join(SpillWriter.Spill[] spills, FileChannel[] channels, int bucket, ParquetRowWriter out) throws IOException {
        int size = load(spills, channels, bucket);
        if (size == 0) {
            return 0;
        }
        int count = scan(size);
        int entities = index(count);
        write(out, entities);
        return entities;
    }

    private int load(SpillWriter.Spill[] spills, FileChannel[] channels, int bucket) throws IOException {
        long total = 0;
        for (SpillWriter.Spill s : spills) {
            total += s.bytes(bucket);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("bucket " + bucket + " holds " + total + " bytes: too many rows for the bucket count");
        }
        if (buf.length < total) {
            buf = new byte[(int) Math.max(total, buf.length * 3L / 2)];
        }
        int pos = 0;
        for (int w = 0; w < spills.length; w++) {
            SpillWriter.Spill s = spills[w];
            for (int c = 0; c < s.chunks()[bucket]; c++) {
                ByteBuffer bb = ByteBuffer.wrap(buf, pos, s.lengths()[bucket][c]);
                long at = s.offsets()[bucket][c];
                while (bb.hasRemaining()) {
                    int n = channels[w].read(bb, at);
                    if (n < 0) {
                        throw new IOException("spill file " + s.file() + " ended early");
                    }
                    at += n;
                }
                pos = bb.position();
            }
        }
        return pos;
    }

    /** Finds the record boundaries; returns the record count. */
    private int scan(int size) {
        int count = 0;
        int p = 0;
        while (p < size) {
            if (count == records.length) {
                records = Arrays.copyOf(records, count * 2);
            }
            records[count++] = p;
            p = skipRecord(p);
        }
        return count;
    }

    private int skipRecord(int p) {
        PartialPlan plan = plans[buf[p++]];
        int idLen = Bytes.varint(buf, p);
        p += Bytes.varintSize(idLen);
        p += idLen;
        return skipValues(plan, p);
    }

    private int skipValues(PartialPlan plan, int p) {
        int bitmap = p;
        int[] width = plan.width();
        p += plan.bitmapBytes();
        for (int i = 0; i < width.length; i++) {
            if ((buf[bitmap + (i >>> 3)] & (1 << (i & 7))) != 0) {
                continue;
            }
            if (width[i] == 0) {
                int len = Bytes.varint(buf, p);
                p += Bytes.varintSize(len);
                p += len;
            } else {
                p += width[i];
            }
        }
        return p;
    }

    /** Builds the id → entity table; slots[entity * partials + partial] = offset of that partial's bitmap. */
    private int index(int count) {
        // sized for the fewest entities the records can be (each id in every partial) and grown past half full: a
        // table sized for the records would be mostly empty, and each probe a cache miss
        int cap = Integer.highestOneBit(Math.max(16, Math.max(1, count / partials) * 2 - 1)) << 1;
        if (table.length < cap) {
            table = new long[cap];
        }
        tableSize = cap;
        int home = slotShift(cap);
        Arrays.fill(table, 0, cap, -1L);
        if (entityId.length < count) {
            entityId = new int[count];
            entityIdLen = new int[count];
            entityKey = new int[count];
        }
        if (slots.length < count * partials) {
            slots = new int[count * partials];
        }
        int entities = 0;
        for (int r = 0; r < count; r++) {
            int p = records[r];
            int partial = buf[p++];
            int idLen = Bytes.varint(buf, p);
            p += Bytes.varintSize(idLen);
            int idOff = p;
            long h = Bytes.hash(buf, idOff, idLen);
            int t = (int) h >>> home;
            // a slot holds (upper 32 hash bits, entity): most probes are settled without touching the id bytes
            long tag = h & 0xFFFF_FFFF_0000_0000L;
            int e;
            while (true) {
                long slot = table[t];
                if (slot == -1L) {
                    e = entities++;
                    table[t] = tag | e;
                    entityId[e] = idOff;
                    entityIdLen[e] = idLen;
                    entityKey[e] = (int) h;
                    Arrays.fill(slots, e * partials, e * partials + partials, -1);
                    if (entities * 2 > cap) {
                        grow();
                        cap = tableSize;
                        home = slotShift(cap);
                    }
                    break;
                }
                if ((slot & 0xFFFF_FFFF_0000_0000L) == tag) {
                    e = (int) slot;
                    if (entityIdLen[e] == idLen && same(buf, entityId[e], idOff, idLen)) {
                        break;
                    }
                }
                t = (t + 1) & (cap - 1);
            }
            int slot = e * partials + partial;
            if (slots[slot] >= 0) {
                PartialPlan plan = plans[partial];
                throw new DataException("Cannot merge " + plan.description() + ": id '"
                        + new String(buf, idOff, idLen, StandardCharsets.UTF_8) + "' occurs more than once (ids must be unique within a partial;"
                        + " aggregate or deduplicate in function '" + plan.partial().function() + "')");
            }
            slots[slot] = idOff + idLen;
        }
        return entities;
    }

    /** Doubles the table, re-inserting its entries at their homes (from their keys) in the larger table. */
    private void grow() {
        int cap = tableSize * 2;
        long[] grown = new long[cap];
        Arrays.fill(grown, -1L);
        int home = slotShift(cap);
        for (int i = 0; i < tableSize; i++) {
            long slot = table[i];
            if (slot != -1L) {
                int t = entityKey[(int) slot] >>> home;
                while (grown[t] != -1L) {
                    t = (t + 1) & (cap - 1);
                }
                grown[t] = slot;
            }
        }
        table = grown;
        tableSize = cap;
    }

    /** Equality of two byte ranges of one buffer, a word at a time (ids are short: this beats Arrays.equals). */
    private static boolean same(byte[] b, int x, int y, int len) {
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            if (Bytes.getLong(b, x + i) != Bytes.getLong(b, y + i)) {
                return false;
            }
        }
        for (; i < len; i++) {
            if (b[x + i] != b[y + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The home slot of a hash: the top bits of its low 32 bits (the bucket came from the high 32), so slot order is
     * the order of that key.
     */
    private static int slotShift(int cap) {
        return Integer.numberOfLeadingZeros(cap) + 1;
    }

    /**
     * Writes the entities in table slot order: rows come out sorted by their key (the low 32 bits of the id hash)
     * but for short probe runs, so each data page of the output covers a narrow key range, which the writer
     * records for lookups (docs/lookup.md). Entries of a run that wrapped past the table's end go last.
     */
    private void write(ParquetRowWriter out, int entities) {
        if (order.length < entities) {
            order = new int[entities];
        }
        int shift = slotShift(tableSize);
        int n = 0;
        int deferred = 0;
        boolean head = true;
        for (int t = 0; t < tableSize; t++) {
            long slot = table[t];
            if (slot == -1L) {
                head = false;
                continue;
            }
            int e = (int) slot;
            if (head && (entityKey[e] >>> shift) > t) {
                if (deferred == wrapped.length) {
                    wrapped = Arrays.copyOf(wrapped, deferred * 2);
                }
                wrapped[deferred++] = e;
                continue;
            }
            order[n++] = e;
        }
        System.arraycopy(wrapped, 0, order, n, deferred);
        n += deferred;
        for (int i = 0; i < n; i++) {
            touch(i, n);
            writeEntity(order[i], out);
        }
    }

    /**
     * Loads ahead what writing later entities will read. Entities are written in slot order but their spill
     * records lie in spill order, so a row's first read of its records (and of its entity's entries) misses the
     * cache; loads that nothing waits for, issued {@value #AHEAD} and 2×{@value #AHEAD} entities ahead, overlap
     * those misses instead of stalling each row in turn.
     */
    private void touch(int i, int n) {
        int sink = touched;
        if (i + 2 * AHEAD < n) {
            int e = order[i + 2 * AHEAD];
            sink += slots[e * partials] + entityId[e] + entityIdLen[e] + entityKey[e];
        }
        if (i + AHEAD < n) {
            int base = order[i + AHEAD] * partials;
            for (int k = 0; k < partials; k++) {
                int p = slots[base + k];
                if (p >= 0) {
                    sink += buf[p];
                }
            }
        }
        touched = sink;
    }

    private void writeEntity(int e, ParquetRowWriter out) {
        out.id(buf, entityId[e], entityIdLen[e]);
        out.rowKey(entityKey[e]);
        int base = e * partials;
        for (int k = 0; k < partials; k++) {
            PartialPlan plan = plans[k];
            int p = slots[base + k];
            int[] fields = plan.outputField();
            if (p < 0) {
                for (int f : fields) {
                    out.writeNull(f);
                }
                continue;
            }
            int bitmap = p;
            int[] width = plan.width();
            p += plan.bitmapBytes();
            for (int i = 0; i < fields.length; i++) {
                int f = fields[i];
                if ((buf[bitmap + (i >>> 3)] & (1 << (i & 7))) != 0) {
                    out.writeNull(f);
                    continue;
                }
                switch (width[i]) {
                    case 0 -> {
                        int len = Bytes.varint(buf, p);
                        p += Bytes.varintSize(len);
                        out.writeBinary(f, buf, p, len);
                        p += len;
                    }
                    case 1 -> {
                        long v = buf[p++];
                        out.writeLong(f, v);
                    }
                    case 4 -> {
                        long v = Bytes.getInt(buf, p);
                        p += 4;
                        out.writeLong(f, v);
                    }
                    default -> {
                        long v = Bytes.getLong(buf, p);
                        p += 8;
                        out.writeLong(f, v);
                    }
                }
            }
        }
        for (int f : unproduced) {
            out.writeNull(f);
        }
        out.endRow();
    }
}
