package dev.featurestore.local.server;

import dev.featurestore.api.GroupSource;
import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The group configs {@code serve} answers with, parsed once and parsed again only after a file under the config
 * directory changed (a listing of names, sizes and modification times, far cheaper than parsing and checking a
 * group: a lookup by id otherwise spent most of its time there). Edits still show on the next request.
 * Thread-safe.
 */
final class ServedGroups implements GroupSource {
    private record Parsed(long stamp, GroupConfig config) {
    }

    private final ConfigLoader loader;
    private final Path configDir;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    ServedGroups(ConfigLoader loader, Path configDir) {
        this.loader = loader;
        this.configDir = configDir;
    }

    @Override
    public GroupConfig group(String name) {
        long stamp = stamp();
        Parsed p = parsed.get(name);
        if (p != null && p.stamp() == stamp) {
            return p.config();
        }
        GroupConfig config = loader.load(name); // a bad or unknown group throws, and is not cached
        parsed.put(name, new Parsed(stamp, config));
        return config;
    }

    @Override
    public Collection<GroupConfig> all() {
        return loader.loadAll().values();
    }

    /** A fingerprint of the config directory's files: their paths, sizes and modification times. */
    private long stamp() {
        try (Stream<Path> files = Files.walk(configDir)) {
            long h = 1;
            for (Path f : (Iterable<Path>) files::iterator) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                h = h * 31 + f.hashCode();
                h = h * 31 + a.size();
                h = h * 31 + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
            }
            return h;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StorageException("Cannot list the config directory " + configDir + ": " + e.getMessage(), e);
        }
    }
}
