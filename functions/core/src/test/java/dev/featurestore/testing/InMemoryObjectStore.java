package dev.featurestore.testing;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An {@link ObjectStore} in memory, for tests. {@link #failWhen} makes chosen operations fail with a
 * StorageException, to test that nothing is lost when storage fails mid-run.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private final ConcurrentSkipListMap<String, byte[]> objects = new ConcurrentSkipListMap<>();
    private volatile Predicate<String> failing = op -> false;
    private final AtomicInteger writes = new AtomicInteger();

    /** Fails every operation whose description ("put key", "get key", "delete key", ...) matches. */
    public void failWhen(Predicate<String> operation) {
        this.failing = operation;
    }

    public int writes() {
        return writes.get();
    }

    public java.util.NavigableMap<String, byte[]> objects() {
        return objects;
    }

    private void check(String op, String key) {
        if (failing.test(op + " " + key)) {
            throw new StorageException("Cannot " + op + " " + key + ": injected failure");
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        check("get", key);
        return Optional.ofNullable(objects.get(key)).map(byte[]::clone);
    }

    /** As {@link #get} (the same injected failures), copying only the range. */
    @Override
    public Optional<byte[]> getRange(String key, long offset, int length) {
        check("get", key);
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            return Optional.empty();
        }
        int from = (int) Math.min(bytes.length, Math.max(0, offset));
        return Optional.of(java.util.Arrays.copyOfRange(bytes, from, (int) Math.min(bytes.length, from + (long) length)));
    }

    @Override
    public Optional<InputStream> open(String key) {
        return get(key).map(ByteArrayInputStream::new);
    }

    @Override
    public void download(String key, Path target) {
        byte[] bytes = get(key).orElseThrow(() -> new StorageException("Cannot download " + key + ": no such key"));
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new StorageException("Cannot write " + target, e);
        }
    }

    @Override
    public Optional<Tagged> getTagged(String key) {
        return get(key).map(b -> new Tagged(b, etag(b)));
    }

    @Override
    public boolean replaceIfMatch(String key, byte[] bytes, String etag) {
        check("put", key);
        byte[] current = objects.get(key);
        // the map's own compare-and-set: arrays compare by identity, so this replaces exactly what was compared
        if (current == null || !etag(current).equals(etag) || !objects.replace(key, current, bytes.clone())) {
            return false;
        }
        writes.incrementAndGet();
        return true;
    }

    @Override
    public boolean deleteIfMatch(String key, String etag) {
        check("delete", key);
        byte[] current = objects.get(key);
        return current != null && etag(current).equals(etag) && objects.remove(key, current);
    }

    private static String etag(byte[] bytes) {
        return Integer.toHexString(java.util.Arrays.hashCode(bytes)) + "-" + bytes.length;
    }

    @Override
    public void put(String key, byte[] bytes) {
        check("put", key);
        writes.incrementAndGet();
        objects.put(key, bytes.clone());
    }

    @Override
    public void putFile(String key, Path source) {
        try {
            put(key, Files.readAllBytes(source));
        } catch (IOException e) {
            throw new StorageException("Cannot read " + source, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        check("put", key);
        writes.incrementAndGet();
        return objects.putIfAbsent(key, bytes.clone()) == null;
    }

    @Override
    public List<String> list(String prefix) {
        check("list", prefix);
        List<String> keys = new ArrayList<>();
        for (String k : objects.tailMap(prefix).keySet()) {
            if (!k.startsWith(prefix)) {
                break;
            }
            keys.add(k);
        }
        return keys;
    }

    @Override
    public boolean exists(String key) {
        check("get", key);
        return objects.containsKey(key);
    }

    @Override
    public void delete(String key) {
        check("delete", key);
        objects.remove(key);
    }

    @Override
    public String uri(String key) {
        return "mem://" + key;
    }
}
