package dev.featurestore.local.testing;

import dev.featurestore.local.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the CLI in-process over a given lake, capturing stdout, stderr and the exit code. */
public final class Cli {
    private final Path lake;
    private final Map<String, String> env;

    public Cli(Path lake) {
        this(lake, Map.of());
    }

    /** With these environment variables on top of FEATURESTORE_ROOT. */
    public Cli(Path lake, Map<String, String> env) {
        this.lake = lake;
        this.env = new java.util.HashMap<>(env);
        this.env.putIfAbsent("FEATURESTORE_ROOT", TestConfig.repoRoot().toString());
    }

    public record Result(int exitCode, String out, String err) {
    }

    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        boolean hasLake = all.contains("--lake") || all.contains("--help") || all.contains("-h") || all.isEmpty();
        if (!hasLake && !all.get(0).equals("help")) {
            all.add("--lake");
            all.add(lake.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, false);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
