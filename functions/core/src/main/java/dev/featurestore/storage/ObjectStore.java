package dev.featurestore.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where partials, versions, manifests and pointers live: S3 on AWS, the lake directory locally. Keys are
 * '/'-separated paths relative to the store root (see docs/versions.md). Failures are
 * {@link dev.featurestore.error.StorageException}s.
 */
public interface ObjectStore {

    /** The object's bytes, or empty when there is no such key. */
    Optional<byte[]> get(String key);

    /** Streams an object; empty when there is no such key. The caller closes the stream. */
    Optional<InputStream> open(String key);

    /**
     * {@code length} bytes of an object from {@code offset} (an S3 ranged GET; a positioned read locally), for
     * reading parts of Parquet files. Empty when there is no such key; fewer bytes when the object ends first.
     */
    default Optional<byte[]> getRange(String key, long offset, int length) {
        Optional<InputStream> in = open(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream stream = in.get()) {
            stream.skipNBytes(offset);
            return Optional.of(stream.readNBytes(length));
        } catch (java.io.EOFException e) {
            return Optional.of(new byte[0]);
        } catch (java.io.IOException e) {
            throw new dev.featurestore.error.StorageException("Cannot read " + uri(key) + ": " + e.getMessage(), e);
        }
    }

    /** Copies an object to a local file (creating parents), for Parquet readers that need random access. */
    void download(String key, Path target);

    /** Writes (or replaces) an object atomically: readers see the old or the new bytes, never a mix. */
    void put(String key, byte[] bytes);

    /** Uploads a local file (multipart on S3 for large files), atomically as {@link #put}. */
    void putFile(String key, Path source);

    /**
     * Writes the object only if no object has the key (S3 If-None-Match: *, an exclusive create locally).
     *
     * @return false when the key already existed (nothing was written)
     */
    boolean putIfAbsent(String key, byte[] bytes);

    /** The keys under a prefix, sorted, recursively. */
    List<String> list(String prefix);

    boolean exists(String key);

    /** Deletes a key; no error when it does not exist. */
    void delete(String key);

    /** Deletes every key under a prefix. */
    default void deletePrefix(String prefix) {
        for (String key : list(prefix)) {
            delete(key);
        }
    }

    /**
     * The object as a local file when the store is a local directory (so large partials are read in place
     * instead of copied); empty for remote stores.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** A URI for humans and engines (s3://bucket/key or file:///...), e.g. for Glue locations. */
    String uri(String key);
}
