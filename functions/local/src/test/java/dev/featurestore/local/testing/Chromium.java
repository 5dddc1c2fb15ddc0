package dev.featurestore.local.testing;

import dev.featurestore.testing.TestTiers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium on a page (Debian package {@code chromium}; {@code scripts/ensure-chromium.sh}, run by
 * {@code .ci/run}, installs it). Offline-safe flags: no network services, a fresh profile per run. Shared by
 * the drift report's and the catalog's render tests.
 */
public final class Chromium {
    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /**
     * The browser; when it is missing, the render tier is unavailable for {@code test}: a failure naming how to
     * install it, or a skip with the reason printed when skips are allowed ({@link TestTiers}).
     */
    public static Chromium require(String test) {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("FEATURESTORE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        Optional<Chromium> found = candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(Chromium::new);
        if (found.isEmpty()) {
            TestTiers.unavailable(test, "headless Chromium not found (/usr/bin/chromium or $FEATURESTORE_CHROMIUM);"
                    + " scripts/ensure-chromium.sh installs it");
        }
        return found.orElseThrow();
    }

    /** The DOM after loading {@code url} and running its scripts. */
    public String dumpDom(String url) throws IOException, InterruptedException {
        return run(url, List.of("--dump-dom"), null);
    }

    /** A PNG screenshot of {@code url} at the given window size. */
    public void screenshot(String url, Path png, int width, int height) throws IOException, InterruptedException {
        run(url, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"), png);
    }

    private String run(String url, List<String> extra, Path expectedFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("featurestore-chromium-");
        Path out = Files.createTempFile("featurestore-chromium-", ".out");
        Path err = Files.createTempFile("featurestore-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
            command.addAll(extra);
            command.add(url);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("Cannot render " + url + ": chromium did not finish in 90 s");
            }
            if (p.exitValue() != 0 || expectedFile != null && !Files.exists(expectedFile)) {
                throw new IOException("Cannot render " + url + ": chromium exited with " + p.exitValue() + ": "
                        + Files.readString(err));
            }
            return Files.readString(out);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
