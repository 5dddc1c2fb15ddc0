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

    /** {@code length} bytes of an object from {@code offset}. */
    record Range(long offset, int length) {
    }

    /** What a reader expects an object to be, as a manifest recorded it: its size, and its ETag where known. */
    record Expected(long bytes, Optional<String> etag) {
    }

    /** The answer of {@link #getRanges}: the ranges' bytes, or why the object cannot be read. */
    sealed interface RangeRead {
        /** The bytes of each range, in the order asked. */
        record Read(List<byte[]> bytes) implements RangeRead {
        }

        /** There is no such key. */
        record Missing() implements RangeRead {
        }

        /** The object is not the expected one; {@code how} says what differs, e.g. "it has 10 bytes, ...". */
        record Changed(String how) implements RangeRead {
        }
    }

    /**
     * Several byte ranges of one object, read only if the object is still the expected one: locally its size is
     * compared first, on S3 every ranged GET carries {@code If-Match} with the expected ETag (and the object's
     * size from {@code Content-Range} is compared). Stores serve the ranges with as few requests as is sensible
     * (one open file locally; one GET for ranges close together on S3). Ranges must lie inside the expected size.
     */
    default RangeRead getRanges(String key, List<Range> ranges, Expected expected) {
        List<byte[]> out = new java.util.ArrayList<>(ranges.size());
        for (Range r : ranges) {
            Optional<byte[]> bytes = getRange(key, r.offset(), r.length());
            if (bytes.isEmpty()) {
                return new RangeRead.Missing();
            }
            if (bytes.get().length != r.length()) {
                return new RangeRead.Changed("it has fewer bytes than the " + expected.bytes() + " the manifest recorded");
            }
            out.add(bytes.get());
        }
        return new RangeRead.Read(out);
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

    /** An object's bytes with its entity tag: what a compare-and-swap compares. */
    record Tagged(byte[] bytes, String etag) {}

    /** The object's bytes and entity tag (S3's ETag; locally a digest of the bytes), or empty when there is no such key. */
    Optional<Tagged> getTagged(String key);

    /**
     * Replaces the object only while its entity tag is still {@code etag} (S3 If-Match), atomically against
     * every other conditional write of the key.
     *
     * @return false when the object changed or is gone (nothing was written)
     */
    boolean replaceIfMatch(String key, byte[] bytes, String etag);

    /**
     * Deletes the object only while its entity tag is still {@code etag} (S3's conditional DeleteObject).
     *
     * @return false when the object changed or is gone (nothing was deleted)
     */
    boolean deleteIfMatch(String key, String etag);

    /** The keys under a prefix, sorted, recursively. */
    List<String> list(String prefix);

    /** An object as a listing describes it: its size and, on S3, its ETag (changes whenever the object is replaced). */
    record Listed(String key, long bytes, Optional<String> etag) {
    }

    /**
     * The objects under a prefix with their sizes (and ETags where the store has them), sorted by key. Stores
     * answer from one listing (S3 ListObjectsV2, a directory walk); this default reads every object.
     */
    default List<Listed> listWithSizes(String prefix) {
        List<Listed> listed = new java.util.ArrayList<>();
        for (String key : list(prefix)) {
            get(key).ifPresent(b -> listed.add(new Listed(key, b.length, Optional.empty())));
        }
        return listed;
    }

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
