package dev.featurestore.aws.testing;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Delegates to a real store, but the Nth write of a key matching a condition fails like an S3 outage; and
 * optionally runs an action before listing a prefix (to play Athena writing UNLOAD files during a query).
 */
public final class FailingObjectStore implements ObjectStore {
    private final ObjectStore delegate;
    private final Predicate<String> keys;
    private final int failOn;
    private final AtomicInteger writes = new AtomicInteger();
    private Predicate<String> listPrefixes = p -> false;
    private Runnable beforeList = () -> { };

    public FailingObjectStore(ObjectStore delegate, Predicate<String> keys, int failOn) {
        this.delegate = delegate;
        this.keys = keys;
        this.failOn = failOn;
    }

    /** A store that never fails and runs {@code action} once before the first listing of a matching prefix. */
    public static FailingObjectStore beforeListing(ObjectStore delegate, Predicate<String> prefixes, Runnable action) {
        FailingObjectStore store = new FailingObjectStore(delegate, k -> false, 0);
        store.listPrefixes = prefixes;
        store.beforeList = action;
        return store;
    }

    private void maybeFail(String key) {
        if (keys.test(key) && writes.incrementAndGet() == failOn) {
            throw new StorageException("Cannot write " + delegate.uri(key) + ": 503 SlowDown: injected by the test (S3 is unavailable)");
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return delegate.open(key);
    }

    @Override
    public void download(String key, Path target) {
        delegate.download(key, target);
    }

    @Override
    public void put(String key, byte[] bytes) {
        maybeFail(key);
        delegate.put(key, bytes);
    }

    @Override
    public void putFile(String key, Path source) {
        maybeFail(key);
        delegate.putFile(key, source);
    }

    @Override
    public boolean putIfAbsent(String key, byte[] bytes) {
        maybeFail(key);
        return delegate.putIfAbsent(key, bytes);
    }

    @Override
    public Optional<Tagged> getTagged(String key) {
        return delegate.getTagged(key);
    }

    @Override
    public boolean replaceIfMatch(String key, byte[] bytes, String etag) {
        maybeFail(key);
        return delegate.replaceIfMatch(key, bytes, etag);
    }

    @Override
    public boolean deleteIfMatch(String key, String etag) {
        return delegate.deleteIfMatch(key, etag);
    }

    @Override
    public List<String> list(String prefix) {
        if (listPrefixes.test(prefix)) {
            Runnable action = beforeList;
            beforeList = () -> { };
            action.run();
        }
        return delegate.list(prefix);
    }

    @Override
    public List<Listed> listWithSizes(String prefix) {
        return delegate.listWithSizes(prefix);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public void deletePrefix(String prefix) {
        delegate.deletePrefix(prefix);
    }

    @Override
    public String uri(String key) {
        return delegate.uri(key);
    }
}
