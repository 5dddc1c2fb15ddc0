package dev.featurestore.aws.runtime;

import dev.featurestore.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The group configs packaged in the jar (the build copies {@code config/} to {@code featurestore-config/}).
 * The config loader reads a directory, so in a jar they are extracted once to a temporary directory.
 */
final class PackagedConfig {
    static final String RESOURCE = "featurestore-config";

    private PackagedConfig() {
    }

    static Path directory(Path scratch) {
        // found through this class's own jar (or classes directory): jars need not list directories
        java.security.CodeSource source = PackagedConfig.class.getProtectionDomain().getCodeSource();
        try {
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location) && Files.isDirectory(location.resolve(RESOURCE).resolve("groups"))) {
                return location.resolve(RESOURCE);
            }
            if (Files.isRegularFile(location)) {
                Path extracted = extract(location, scratch.resolve("config"));
                if (Files.isDirectory(extracted.resolve("groups"))) {
                    return extracted;
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            throw new ConfigException("Cannot read the packaged config from " + source.getLocation() + ": " + e.getMessage(), e);
        }
        throw new ConfigException("Cannot find the packaged config (" + RESOURCE + "/groups is not in " + source.getLocation()
                + "; build the jar with mvn package, or set CONFIG_DIR)");
    }

    private static Path extract(Path jar, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.getName().startsWith(RESOURCE + "/") || entry.isDirectory()) {
                    continue;
                }
                Path out = root.resolve(entry.getName().substring(RESOURCE.length() + 1)).normalize();
                if (!out.startsWith(root)) {
                    continue; // no path escapes
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return root;
    }
}
