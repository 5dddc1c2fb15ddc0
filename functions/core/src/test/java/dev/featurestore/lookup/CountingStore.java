package dev.featurestore.lookup;

import dev.featurestore.storage.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** An ObjectStore that counts whole and ranged reads of another, to prove what a lookup reads. */
final class CountingStore implements ObjectStore {
    private final ObjectStore store;
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger ranges = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicLong rangeBytes = new java.util.concurrent.atomic.AtomicLong();

    CountingStore(ObjectStore store) {
        this.store = store;
    }

    void reset() {
        gets.set(0);
        ranges.set(0);
        rangeBytes.set(0);
    }

    @Override
    public Optional<byte[]> get(String key) {
        gets.incrementAndGet();
        return store.get(key);
    }

    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        ranges.incrementAndGet();
        rangeBytes.addAndGet(length);
        return store.getRange(key, offset, length);
    }

    /** Counted as one request (a store serves several ranges of one object together). */
    @Override
    public RangeRead getRanges(String key, List<Range> ranges, Expected expected) {
        this.ranges.incrementAndGet();
        ranges.forEach(r -> rangeBytes.addAndGet(r.length()));
        return store.getRanges(key, ranges, expected);
    }

    @Override
    public Optional<InputStream> open(String key) {
        gets.incrementAndGet();
        return store.open(key);
    }

    @Override
    public void download(String key, Path target) {
        gets.incrementAndGet();
        store.download(key, target);
    }

    @Override
    public void put(String key, byte[] bytes) {
        store.put(key, bytes);
    }

    @Override
    public void putFile(String key, Path source) {
        store.putFile(key, source);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        return store.putIfAbsent(key, bytes);
    }

    @Override
    public Optional<Tagged> getTagged(String key) {
        return store.getTagged(key);
    }

    @Override
    public boolean replaceIfMatch(String key, byte[] bytes, String etag) {
        return store.replaceIfMatch(key, bytes, etag);
    }

    @Override
    public boolean deleteIfMatch(String key, String etag) {
        return store.deleteIfMatch(key, etag);
    }

    @Override
    public List<String> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public boolean exists(String key) {
        return store.exists(key);
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }

    @Override
    public String uri(String key) {
        return store.uri(key);
    }
}
