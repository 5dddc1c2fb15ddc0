package dev.featurestore.lookup;

import dev.featurestore.storage.ObjectStore;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet file in an {@link ObjectStore} read by byte ranges: {@link #preload} fetches one range with one
 * request (a ranged GET on S3), and reads inside preloaded ranges cost nothing more. A read outside them fetches
 * just what it needs, so a reader is always correct, and is one request per range when the caller preloads
 * what it is about to read. Not thread-safe: one per read.
 */
final class RangedFile implements InputFile {

    private final ObjectStore store;
    private final VersionLayout layout;
    private final VersionLayout.DataFile file;
    private final String key;
    private final long length;
    private final List<Window> windows = new ArrayList<>();

    private record Window(long start, byte[] bytes) {
        boolean holds(long pos, int n) {
            return pos >= start && pos + n <= start + bytes.length;
        }
    }

    RangedFile(ObjectStore store, VersionLayout layout, VersionLayout.DataFile file) {
        this.store = store;
        this.layout = layout;
        this.file = file;
        this.key = file.key();
        this.length = file.bytes();
    }

    /** Fetches {@code [start, end)} with one request, checked against the manifest (size; ETag on S3). */
    void preload(long start, long end) {
        long from = Math.max(0, start);
        long to = Math.min(length, end);
        if (to <= from) {
            return;
        }
        byte[] bytes = layout.read(store, file, List.of(new ObjectStore.Range(from, Math.toIntExact(to - from)))).get(0);
        windows.add(new Window(from, bytes));
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    private void copy(long pos, byte[] dst, int off, int n) throws IOException {
        if (pos < 0 || pos + n > length) {
            throw new EOFException("read of " + n + " bytes at " + pos + " is outside " + key + " (" + length + " bytes)");
        }
        for (Window w : windows) {
            if (w.holds(pos, n)) {
                System.arraycopy(w.bytes(), (int) (pos - w.start()), dst, off, n);
                return;
            }
        }
        preload(pos, pos + n);
        Window w = windows.get(windows.size() - 1);
        if (!w.holds(pos, n)) {
            throw new EOFException("short read of " + key + " at " + pos);
        }
        System.arraycopy(w.bytes(), 0, dst, off, n);
    }

    private final class Stream extends SeekableInputStream {
        private long pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) {
            pos = newPos;
        }

        @Override
        public int read() throws IOException {
            if (pos >= length) {
                return -1;
            }
            byte[] one = new byte[1];
            readFully(one, 0, 1);
            return one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = (int) Math.min(len, length - pos);
            if (n <= 0) {
                return len == 0 ? 0 : -1;
            }
            readFully(b, off, n);
            return n;
        }

        @Override
        public void readFully(byte[] bytes) throws IOException {
            readFully(bytes, 0, bytes.length);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
            copy(pos, bytes, start, len);
            pos += len;
        }

        @Override
        public int read(ByteBuffer buf) throws IOException {
            int n = (int) Math.min(buf.remaining(), length - pos);
            if (n <= 0) {
                return buf.hasRemaining() ? -1 : 0;
            }
            byte[] tmp = new byte[n];
            readFully(tmp, 0, n);
            buf.put(tmp);
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            byte[] tmp = new byte[buf.remaining()];
            readFully(tmp, 0, tmp.length);
            buf.put(tmp);
        }
    }
}
