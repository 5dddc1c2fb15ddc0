package dev.featurestore.local.drift;

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
 * Runs headless Chromium on a file (Debian package {@code chromium}; {@code scripts/ensure-chromium.sh}, run
 * by {@code scripts/test}, installs it). Offline-safe flags: no network services, a fresh profile per run.
 */
final class Chromium {
    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    static Optional<Chromium> find() {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv("FEATURESTORE_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(Chromium::new);
    }

    /** The DOM after loading {@code page}. */
    String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page, List.of("--dump-dom"), null);
    }

    /** A PNG screenshot of {@code page} at the given window size. */
    void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run(page, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"), png);
    }

    private String run(Path page, List<String> extra, Path expectedFile) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("featurestore-chromium-");
        Path out = Files.createTempFile("featurestore-chromium-", ".out");
        Path err = Files.createTempFile("featurestore-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
            command.addAll(extra);
            command.add(page.toUri().toString());
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("Cannot render " + page + ": chromium did not finish in 90 s");
            }
            if (p.exitValue() != 0 || expectedFile != null && !Files.exists(expectedFile)) {
                throw new IOException("Cannot render " + page + ": chromium exited with " + p.exitValue() + ": "
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
