package dev.featurestore.parquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * A {@link ColumnReader} for the common case, decoding pages itself: a flat column (max repetition level 0,
 * max definition level 0 or 1) whose pages are PLAIN or dictionary encoded with RLE definition levels, v1 or
 * v2. Several times cheaper per value than parquet-java's generic reader, which {@link ParquetFile} still
 * uses for anything else (delta encodings, byte-stream-split, nested columns).
 */
final class FastColumnReader implements ColumnReader {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Set<Encoding> SUPPORTED = Set.of(Encoding.PLAIN, Encoding.RLE, Encoding.PLAIN_DICTIONARY,
            Encoding.RLE_DICTIONARY, Encoding.BIT_PACKED);

    private final ColumnDescriptor descriptor;
    private final PageReader pages;
    private final PrimitiveTypeName physical;
    private final int maxDef;
    private final long total;
    private final int fixedWidth;
    private long read;
    private int leftInPage;
    private int def;
    // values of the current page
    private byte[] data;
    private int pos;
    private int bitIndex;
    private boolean dictionaryPage;
    private final Rle levels = new Rle();
    private final Rle indices = new Rle();
    private final Rle booleans = new Rle();
    // the current page's definition levels and dictionary indices, decoded in one pass when the page is read
    private int[] defs = new int[0];
    private int defAt;
    private int[] dictIndices = new int[0];
    private int indexAt;
    private boolean rleBooleans;
    private boolean booleanValue;
    private int index;
    // the chunk's dictionary, decoded once
    private long[] dictLongs;
    private byte[] dictBytes;
    private int[] dictOffsets;
    private boolean[] dictBooleans;

    /** True when every encoding of the chunk is one this reader decodes. */
    static boolean supports(ColumnDescriptor d, Set<Encoding> encodings) {
        boolean levelsOk = d.getMaxDefinitionLevel() == 0 || encodings.contains(Encoding.RLE) || !encodings.contains(Encoding.BIT_PACKED);
        return d.getMaxRepetitionLevel() == 0 && d.getMaxDefinitionLevel() <= 1 && SUPPORTED.containsAll(encodings) && levelsOk;
    }

    FastColumnReader(ColumnDescriptor descriptor, PageReader pages) {
        this(descriptor, pages, false);
    }

    /**
     * {@code batches}: read with {@link #pageLeft}, {@link #readLongs} and {@link #readBinaries} only, not through
     * the {@link ColumnReader} methods (no value is current).
     */
    FastColumnReader(ColumnDescriptor descriptor, PageReader pages, boolean batches) {
        this.descriptor = descriptor;
        this.pages = pages;
        this.physical = descriptor.getPrimitiveType().getPrimitiveTypeName();
        this.maxDef = descriptor.getMaxDefinitionLevel();
        this.total = pages.getTotalValueCount();
        this.fixedWidth = switch (physical) {
            case INT32, FLOAT -> 4;
            case INT64, DOUBLE -> 8;
            case INT96 -> 12;
            case FIXED_LEN_BYTE_ARRAY -> descriptor.getPrimitiveType().getTypeLength();
            default -> 0;
        };
        DictionaryPage dict = pages.readDictionaryPage();
        if (dict != null) {
            readDictionary(dict);
        }
        if (total > 0 && !batches) {
            next();
        }
    }

    /** Values left in the current page, reading the next page when it is done (batch reading). */
    int pageLeft() {
        while (leftInPage == 0) {
            readPage();
        }
        return leftInPage;
    }

    /** The next {@code n} ({@code ≤ pageLeft()}) definition levels as null flags. */
    private void readNulls(int n, boolean[] nulls) {
        if (maxDef == 0) {
            java.util.Arrays.fill(nulls, 0, n, false);
            return;
        }
        int[] d = defs;
        int at = defAt;
        int max = maxDef;
        for (int i = 0; i < n; i++) {
            nulls[i] = d[at + i] != max;
        }
        defAt = at + n;
    }

    /**
     * Reads the next {@code n} ({@code ≤ pageLeft()}) values as longs: booleans 0/1, INT32 and FLOAT bits
     * sign-extended, INT64 and DOUBLE bits, INT96 as microseconds since the epoch; nulls flagged, their value
     * left as it was.
     */
    void readLongs(int n, boolean[] nulls, long[] out) {
        readNulls(n, nulls);
        if (dictionaryPage) {
            int[] idx = dictIndices;
            int at = indexAt;
            switch (physical) {
                case BOOLEAN -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = dictBooleans[idx[at++]] ? 1 : 0;
                        }
                    }
                }
                case INT96 -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = int96Micros(dictBytes, dictOffsets[idx[at++]]);
                        }
                    }
                }
                default -> {
                    long[] d = dictLongs;
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = d[idx[at++]];
                        }
                    }
                }
            }
            indexAt = at;
        } else {
            byte[] b = data;
            int p = pos;
            switch (physical) {
                case INT64, DOUBLE -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = (long) LONG.get(b, p);
                            p += 8;
                        }
                    }
                }
                case INT32, FLOAT -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = (int) INT.get(b, p);
                            p += 4;
                        }
                    }
                }
                case INT96 -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            out[i] = int96Micros(b, p);
                            p += 12;
                        }
                    }
                }
                case BOOLEAN -> {
                    for (int i = 0; i < n; i++) {
                        if (!nulls[i]) {
                            if (rleBooleans) {
                                out[i] = booleans.next();
                            } else {
                                int bit = bitIndex++;
                                out[i] = (b[p + (bit >>> 3)] >>> (bit & 7)) & 1;
                            }
                        }
                    }
                }
                default -> throw new IllegalStateException("no long values in column " + descriptor);
            }
            pos = p;
        }
        leftInPage -= n;
        read += n;
    }

    /**
     * Reads the next {@code n} ({@code ≤ pageLeft()}) BINARY values as offsets and lengths into the returned array
     * (the page's or the dictionary's bytes, valid until the next page is read); nulls flagged.
     */
    byte[] readBinaries(int n, boolean[] nulls, int[] offsets, int[] lengths) {
        readNulls(n, nulls);
        byte[] src;
        if (dictionaryPage) {
            src = dictBytes;
            int[] idx = dictIndices;
            int[] dictOff = dictOffsets;
            int at = indexAt;
            for (int i = 0; i < n; i++) {
                if (!nulls[i]) {
                    int o = dictOff[idx[at++]];
                    lengths[i] = (int) INT.get(src, o);
                    offsets[i] = o + 4;
                }
            }
            indexAt = at;
        } else {
            src = data;
            int p = pos;
            for (int i = 0; i < n; i++) {
                if (!nulls[i]) {
                    int len = (int) INT.get(src, p);
                    if (len < 0 || len > src.length - p - 4) {
                        throw new IllegalStateException("value length " + len + " beyond the page in column " + descriptor);
                    }
                    offsets[i] = p + 4;
                    lengths[i] = len;
                    p += 4 + len;
                }
            }
            pos = p;
        }
        leftInPage -= n;
        read += n;
        return src;
    }

    private void readDictionary(DictionaryPage page) {
        byte[] b = bytes(page.getBytes());
        int n = page.getDictionarySize();
        switch (physical) {
            case INT32, FLOAT -> {
                dictLongs = new long[n];
                for (int i = 0; i < n; i++) {
                    dictLongs[i] = (int) INT.get(b, i * 4);
                }
            }
            case INT64, DOUBLE -> {
                dictLongs = new long[n];
                for (int i = 0; i < n; i++) {
                    dictLongs[i] = (long) LONG.get(b, i * 8);
                }
            }
            case BINARY -> {
                dictBytes = b;
                dictOffsets = new int[n];
                int p = 0;
                for (int i = 0; i < n; i++) {
                    dictOffsets[i] = p;
                    p += 4 + (int) INT.get(b, p);
                }
            }
            case FIXED_LEN_BYTE_ARRAY, INT96 -> {
                dictBytes = b;
                dictOffsets = new int[n];
                for (int i = 0; i < n; i++) {
                    dictOffsets[i] = i * fixedWidth;
                }
            }
            case BOOLEAN -> {
                dictBooleans = new boolean[n];
                for (int i = 0; i < n; i++) {
                    dictBooleans[i] = (b[i >>> 3] & (1 << (i & 7))) != 0;
                }
            }
        }
    }

    /** The page's bytes: its own array when it wraps a whole one (pages read by {@link ChunkPages}), else a copy. */
    private static byte[] bytes(org.apache.parquet.bytes.BytesInput in) {
        try {
            java.nio.ByteBuffer b = in.toByteBuffer();
            if (b.hasArray() && b.arrayOffset() + b.position() == 0 && b.remaining() == b.array().length) {
                return b.array();
            }
            return in.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readPage() {
        DataPage page = pages.readPage();
        if (page instanceof DataPageV1 v1) {
            byte[] b = bytes(v1.getBytes());
            int p = 0;
            if (maxDef > 0) {
                if (v1.getDlEncoding() != Encoding.RLE) {
                    throw new IllegalStateException("definition levels encoded as " + v1.getDlEncoding() + " in column " + descriptor);
                }
                int len = (int) INT.get(b, 0);
                levels.init(b, 4, 4 + len, 1);
                p = 4 + len;
            }
            startValues(b, p, b.length, v1.getValueEncoding());
            leftInPage = v1.getValueCount();
        } else if (page instanceof DataPageV2 v2) {
            if (maxDef > 0) {
                byte[] l = bytes(v2.getDefinitionLevels());
                levels.init(l, 0, l.length, 1);
            }
            byte[] b = bytes(v2.getData());
            startValues(b, 0, b.length, v2.getDataEncoding());
            leftInPage = v2.getValueCount();
        } else {
            throw new IllegalStateException("no more pages in column " + descriptor);
        }
        decodePage();
    }

    /**
     * Decodes the page's definition levels and dictionary indices into arrays in one pass each: tight loops over
     * RLE runs and bit-packed groups instead of a decoder call per value.
     */
    private void decodePage() {
        int n = leftInPage;
        int present = n;
        if (maxDef > 0) {
            if (defs.length < n) {
                defs = new int[n];
            }
            levels.decode(defs, n);
            present = 0;
            for (int i = 0; i < n; i++) {
                present += defs[i] == maxDef ? 1 : 0;
            }
            defAt = 0;
        }
        if (dictionaryPage) {
            if (dictIndices.length < present) {
                dictIndices = new int[present];
            }
            indices.decode(dictIndices, present);
            indexAt = 0;
        }
    }

    private void startValues(byte[] b, int p, int end, Encoding encoding) {
        data = b;
        pos = p;
        bitIndex = 0;
        dictionaryPage = encoding == Encoding.PLAIN_DICTIONARY || encoding == Encoding.RLE_DICTIONARY;
        rleBooleans = encoding == Encoding.RLE && physical == PrimitiveTypeName.BOOLEAN;
        if (dictionaryPage) {
            int width = b[p] & 0xFF;
            indices.init(b, p + 1, end, width);
        } else if (rleBooleans) {
            // v2 pages may RLE-encode booleans: a 4-byte length, then the hybrid encoding at bit width 1
            booleans.init(b, p + 4, end, 1);
        } else if (encoding != Encoding.PLAIN) {
            throw new IllegalStateException("unexpected encoding " + encoding + " in column " + descriptor);
        }
    }

    /** Moves to the next value: its definition level, and for a dictionary page its index. */
    private void next() {
        if (leftInPage == 0) {
            readPage();
        }
        leftInPage--;
        def = maxDef == 0 ? 0 : defs[defAt++];
        if (def == maxDef) {
            if (dictionaryPage) {
                index = dictIndices[indexAt++];
            } else if (rleBooleans) {
                booleanValue = booleans.next() != 0;
            }
        }
    }

    @Override
    public long getTotalValueCount() {
        return total;
    }

    @Override
    public void consume() {
        if (def == maxDef && !dictionaryPage && !rleBooleans) {
            switch (physical) {
                case BOOLEAN -> bitIndex++;
                case BINARY -> pos += 4 + (int) INT.get(data, pos);
                default -> pos += fixedWidth;
            }
        }
        if (++read < total) {
            next();
        }
    }

    @Override
    public int getCurrentRepetitionLevel() {
        return 0;
    }

    @Override
    public int getCurrentDefinitionLevel() {
        return def;
    }

    @Override
    public void writeCurrentValueToConverter() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void skip() {
        // values are decoded lazily by the getters: nothing to skip
    }

    @Override
    public int getCurrentValueDictionaryID() {
        return index;
    }

    @Override
    public int getInteger() {
        return dictionaryPage ? (int) dictLongs[index] : (int) INT.get(data, pos);
    }

    @Override
    public boolean getBoolean() {
        if (dictionaryPage) {
            return dictBooleans[index];
        }
        if (rleBooleans) {
            return booleanValue;
        }
        int i = bitIndex;
        return (data[pos + (i >>> 3)] & (1 << (i & 7))) != 0;
    }

    @Override
    public long getLong() {
        return dictionaryPage ? dictLongs[index] : (long) LONG.get(data, pos);
    }

    @Override
    public Binary getBinary() {
        if (dictionaryPage) {
            int off = dictOffsets[index];
            return fixedWidth > 0 ? Binary.fromConstantByteArray(dictBytes, off, fixedWidth)
                    : Binary.fromConstantByteArray(dictBytes, off + 4, (int) INT.get(dictBytes, off));
        }
        return fixedWidth > 0 ? Binary.fromConstantByteArray(data, pos, fixedWidth)
                : Binary.fromConstantByteArray(data, pos + 4, (int) INT.get(data, pos));
    }

    /** Length of the current BINARY value (without materializing a {@link Binary}). */
    int binaryLength() {
        if (dictionaryPage) {
            return (int) INT.get(dictBytes, dictOffsets[index]);
        }
        return (int) INT.get(data, pos);
    }

    /** Copies the current BINARY value to {@code dst} at {@code at}. */
    void copyBinary(byte[] dst, int at) {
        if (dictionaryPage) {
            int off = dictOffsets[index];
            System.arraycopy(dictBytes, off + 4, dst, at, (int) INT.get(dictBytes, off));
        } else {
            System.arraycopy(data, pos + 4, dst, at, (int) INT.get(data, pos));
        }
    }

    /** The current INT96 timestamp (nanoseconds of the day, then the Julian day) as microseconds since the epoch. */
    long int96Micros() {
        return dictionaryPage ? int96Micros(dictBytes, dictOffsets[index]) : int96Micros(data, pos);
    }

    private static long int96Micros(byte[] b, int off) {
        return ColumnCast.int96ToMicros((long) LONG.get(b, off), (int) INT.get(b, off + 8) & 0xFFFF_FFFFL);
    }

    @Override
    public float getFloat() {
        return Float.intBitsToFloat(getInteger());
    }

    @Override
    public double getDouble() {
        return Double.longBitsToDouble(getLong());
    }

    @Override
    public ColumnDescriptor getDescriptor() {
        return descriptor;
    }

    /** Decoder of the RLE / bit-packed hybrid encoding (levels and dictionary indices). */
    static final class Rle {
        private byte[] b;
        private int pos;
        private int end;
        private int width;
        private int mask;
        private int remaining;
        private boolean packed;
        private int value;
        private long bitPos;

        void init(byte[] bytes, int from, int to, int bitWidth) {
            b = bytes;
            pos = from;
            end = to;
            width = bitWidth;
            mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
            remaining = 0;
        }

        int next() {
            if (remaining == 0) {
                header();
            }
            remaining--;
            if (!packed) {
                return value;
            }
            long bit = bitPos;
            bitPos += width;
            int byteIndex = (int) (bit >>> 3);
            int shift = (int) (bit & 7);
            long word;
            if (byteIndex + 8 <= b.length) {
                word = (long) LONG.get(b, byteIndex);
            } else {
                word = 0;
                for (int i = 0; i < 8 && byteIndex + i < b.length; i++) {
                    word |= (b[byteIndex + i] & 0xFFL) << (8 * i);
                }
            }
            return (int) (word >>> shift) & mask;
        }

        /** Decodes the next {@code n} values into {@code out[0..n)}. */
        void decode(int[] out, int n) {
            int i = 0;
            while (i < n) {
                if (remaining == 0) {
                    header();
                }
                int take = Math.min(remaining, n - i);
                if (!packed) {
                    java.util.Arrays.fill(out, i, i + take, value);
                } else {
                    long bit = bitPos;
                    int w = width;
                    int m = mask;
                    byte[] bytes = b;
                    int safeEnd = bytes.length - 8;
                    for (int k = i, end = i + take; k < end; k++, bit += w) {
                        int byteIndex = (int) (bit >>> 3);
                        long word;
                        if (byteIndex <= safeEnd) {
                            word = (long) LONG.get(bytes, byteIndex);
                        } else {
                            word = 0;
                            for (int j = 0; j < 8 && byteIndex + j < bytes.length; j++) {
                                word |= (bytes[byteIndex + j] & 0xFFL) << (8 * j);
                            }
                        }
                        out[k] = (int) (word >>> (bit & 7)) & m;
                    }
                    bitPos = bit;
                }
                remaining -= take;
                i += take;
            }
        }

        private void header() {
            int h = 0;
            for (int shift = 0; ; shift += 7) {
                if (pos >= end) {
                    throw new IllegalStateException("RLE data ended early");
                }
                byte x = b[pos++];
                h |= (x & 0x7F) << shift;
                if (x >= 0) {
                    break;
                }
            }
            if ((h & 1) == 0) {
                packed = false;
                remaining = h >>> 1;
                int bytes = (width + 7) >>> 3;
                int v = 0;
                for (int i = 0; i < bytes; i++) {
                    v |= (b[pos++] & 0xFF) << (8 * i);
                }
                value = v;
            } else {
                packed = true;
                int groups = h >>> 1;
                remaining = groups * 8;
                bitPos = (long) pos * 8;
                pos += groups * width;
            }
        }
    }
}
