package dev.featurestore.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.local.testing.ServedLake;
import dev.featurestore.local.testing.TestConfig;
import dev.featurestore.testing.TestTiers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook's use of {@code serve}: Python with pandas and pyarrow (installed into a venv under target/ from
 * this machine's wheel mirror, once) loads the JSON and the Parquet answers into DataFrames and checks them.
 * Without Python or the packages it fails; it skips with the reason printed only when
 * {@code FEATURESTORE_ALLOW_SKIPS=1} ({@link TestTiers}).
 */
class NotebookClientTest {
    private static final Path VENV = Path.of("target", "notebook-venv").toAbsolutePath();

    @TempDir
    Path lake;

    @Test
    void pandasClient_readsJsonAndParquetAnswers_intoEqualDataFrames() throws Exception {
        Path python = pythonWithPandas();
        ServedLake.calculate(lake, 3000);
        Path script = TestConfig.repoRoot().resolve("functions/local/src/test/python/notebook_client.py");

        try (ServedLake served = ServedLake.serve(lake)) {
            Run run = run(List.of(python.toString(), script.toString(), served.url()), 120);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).startsWith("ok: ");
        }
    }

    /** The venv's python, creating the venv and installing pandas + pyarrow when missing. */
    private static Path pythonWithPandas() throws Exception {
        Path python = VENV.resolve("bin/python");
        if (Files.isExecutable(python) && run(List.of(python.toString(), "-c", "import pandas, pyarrow"), 60).exitCode() == 0) {
            return python;
        }
        Run venv = run(List.of("python3", "-m", "venv", VENV.toString()), 120);
        unavailableIf(venv.exitCode() != 0, "cannot create a Python venv: " + venv.output());
        Run pip = run(List.of(python.toString(), "-m", "pip", "install", "--quiet", "pandas", "pyarrow"), 600);
        unavailableIf(pip.exitCode() != 0, "cannot install pandas and pyarrow: " + pip.output());
        return python;
    }

    private static void unavailableIf(boolean unavailable, String reason) {
        if (!unavailable) {
            return;
        }
        TestTiers.unavailable("NotebookClientTest", "it needs Python 3 with pandas and pyarrow: " + reason);
    }

    record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, int timeoutSeconds) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(-1, "cannot start " + command + ": " + e.getMessage());
        }
    }
}
