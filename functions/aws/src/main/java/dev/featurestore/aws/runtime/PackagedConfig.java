package dev.featurestore.aws.runtime;

import dev.featurestore.error.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
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
        URL url = PackagedConfig.class.getClassLoader().getResource(RESOURCE + "/groups");
        if (url == null) {
            throw new ConfigException("Cannot find the packaged config (" + RESOURCE + "/groups is not on the classpath; "
                    + "build the jar with mvn package, or set CONFIG_DIR)");
        }
        try {
            if (url.getProtocol().equals("file")) {
                return Path.of(url.toURI()).getParent();
            }
            if (url.getProtocol().equals("jar")) {
                String spec = url.getPath();
                Path jar = Path.of(new URL(spec.substring(0, spec.indexOf("!/"))).toURI());
                return extract(jar, scratch.resolve("config"));
            }
        } catch (IOException | URISyntaxException e) {
            throw new ConfigException("Cannot read the packaged config from " + url + ": " + e.getMessage(), e);
        }
        throw new ConfigException("Cannot read the packaged config from " + url + " (unknown location; set CONFIG_DIR)");
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
