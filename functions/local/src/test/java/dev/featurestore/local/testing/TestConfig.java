package dev.featurestore.local.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's config/ directory from the test's working directory or FEATURESTORE_ROOT. */
public final class TestConfig {
    private TestConfig() {
    }

    public static Path repoRoot() {
        String root = System.getProperty("featurestore.root", System.getenv("FEATURESTORE_ROOT"));
        if (root != null && Files.isDirectory(Path.of(root, "config"))) {
            return Path.of(root);
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("config/groups"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("Cannot find the repository's config/ directory from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static Path configDir() {
        return repoRoot().resolve("config");
    }
}
