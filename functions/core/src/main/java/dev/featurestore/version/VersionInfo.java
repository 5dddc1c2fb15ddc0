package dev.featurestore.version;

/** One line of {@code versions GROUP}: a version, its size and whether it is current or pinned. */
public record VersionInfo(String version, String createdAt, long rowCount, String configHash, long bytes,
                          boolean current, boolean pinned, Manifest manifest) {
}
